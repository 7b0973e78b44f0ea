#pragma once

#include "registerentry.h"

#include <QAbstractItemModel>

#include <memory>
#include <vector>

namespace sluice::console {

// The register as a tree by namespace and type path: be.digipolis.wcm.v4 › content › item ›
// created. Leaves are event types; inner rows are path segments. Fed by AgentSession.
class RegisterModel : public QAbstractItemModel {
    Q_OBJECT

public:
    enum Column { NameColumn, TitleColumn, StatusColumn, ExposedColumn, ColumnCount };
    enum Role { TypeRole = Qt::UserRole + 1, EntryRole };

    explicit RegisterModel(QObject *parent = nullptr);
    ~RegisterModel() override;

    void setEntries(const QList<RegisterEntry> &entries);
    void updateEntry(const RegisterEntry &entry); // a known type: its row changes in place
    QModelIndex indexOfType(const QString &type) const;

    // "be.digipolis.wcm.v4.content.item.created" -> {"be.digipolis.wcm.v4", "content", "item", "created"}
    static QStringList pathOf(const QString &type);

    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    struct Node;
    Node *nodeOf(const QModelIndex &index) const;
    QModelIndex indexOfNode(const Node *node, int column = 0) const;

    std::unique_ptr<Node> m_root;
};

} // namespace sluice::console
