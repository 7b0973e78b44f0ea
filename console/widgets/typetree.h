#pragma once

#include <QStringList>
#include <QTreeView>

class QStandardItem;
class QStandardItemModel;

namespace sluice::console {

class RegisterModel;

// The register's types as a tree with checkboxes, for choosing a subscription's types: a checked
// type is chosen exactly, a checked namespace as a wildcard (path.*); types that are not exposed
// cannot be checked. A namespace holding chosen types shows partly checked.
class TypeTree : public QTreeView {
    Q_OBJECT

public:
    TypeTree(const RegisterModel &types, QWidget *parent = nullptr);

    // Checks what the patterns name and opens the branches that hold them; returns the patterns
    // the tree has no item for.
    QStringList setPatterns(const QStringList &patterns);
    QStringList patterns() const; // the checked ones

private:
    void build(const RegisterModel &types);
    // Namespaces holding chosen types shown partly checked (and, with expand, opened); true when
    // parent holds a chosen one.
    bool showChecked(bool expand, QStandardItem *parent = nullptr);

    QStandardItemModel *m_model;
};

} // namespace sluice::console
