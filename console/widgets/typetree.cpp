#include "typetree.h"

#include "registermodel.h"

#include <QJsonObject>
#include <QSignalBlocker>
#include <QStandardItemModel>

#include <functional>

using namespace Qt::Literals::StringLiterals;

namespace sluice::console {

namespace {

constexpr int PatternRole = Qt::UserRole + 1;

} // namespace

TypeTree::TypeTree(const RegisterModel &types, QWidget *parent)
    : QTreeView(parent)
    , m_model(new QStandardItemModel(this))
{
    setModel(m_model);
    setHeaderHidden(true);
    build(types);
    expandToDepth(0);
    connect(m_model, &QStandardItemModel::itemChanged, this, [this] { showChecked(false); });
}

void TypeTree::build(const RegisterModel &types)
{
    // A type node selects that type; a namespace node selects everything under it (path.*).
    std::function<void(const QModelIndex &, QStandardItem *, const QString &)> add = [&](const QModelIndex &parent,
                                                                                         QStandardItem *into,
                                                                                         const QString &prefix) {
        for (int row = 0; row < types.rowCount(parent); ++row) {
            const QModelIndex index = types.index(row, 0, parent);
            const QString segment = index.data().toString();
            const QString path = prefix.isEmpty() ? segment : prefix + u'.' + segment;
            const QString type = index.data(RegisterModel::TypeRole).toString();
            auto *item = new QStandardItem(type.isEmpty() ? segment + u".*"_s : segment);
            item->setCheckable(true);
            item->setEditable(false);
            if (type.isEmpty()) {
                item->setData(path + u".*"_s, PatternRole);
                item->setToolTip(tr("Everything under %1, also types registered later").arg(path));
            } else {
                const bool exposed = index.data(RegisterModel::EntryRole).toJsonObject().value(u"exposed"_s).toBool();
                item->setData(type, PatternRole);
                item->setToolTip(exposed ? type : tr("%1 is not exposed").arg(type));
                item->setEnabled(exposed);
            }
            into->appendRow(item);
            add(index, item, path);
        }
    };
    add({}, m_model->invisibleRootItem(), QString());
}

QStringList TypeTree::setPatterns(const QStringList &patterns)
{
    QStringList rest = patterns;
    std::function<void(QStandardItem *)> visit = [&](QStandardItem *parent) {
        for (int row = 0; row < parent->rowCount(); ++row) {
            QStandardItem *item = parent->child(row);
            const bool wanted = rest.removeAll(item->data(PatternRole).toString()) > 0;
            item->setCheckState(wanted ? Qt::Checked : Qt::Unchecked);
            visit(item);
        }
    };
    visit(m_model->invisibleRootItem());
    showChecked(true);
    return rest;
}

QStringList TypeTree::patterns() const
{
    QStringList patterns;
    std::function<void(QStandardItem *)> visit = [&](QStandardItem *parent) {
        for (int row = 0; row < parent->rowCount(); ++row) {
            QStandardItem *item = parent->child(row);
            if (item->checkState() == Qt::Checked && !item->data(PatternRole).toString().isEmpty())
                patterns.append(item->data(PatternRole).toString());
            visit(item);
        }
    };
    visit(m_model->invisibleRootItem());
    return patterns;
}

// A namespace that is not chosen itself but holds chosen types shows partly checked (only a
// checked one is a pattern); with expand, every chosen type is brought into view.
bool TypeTree::showChecked(bool expand, QStandardItem *parent)
{
    if (!parent) {
        const QSignalBlocker quiet(m_model);
        showChecked(expand, m_model->invisibleRootItem());
        viewport()->update();
        return false;
    }
    bool holds = false;
    for (int row = 0; row < parent->rowCount(); ++row) {
        QStandardItem *item = parent->child(row);
        const bool below = showChecked(expand, item);
        if (item->checkState() != Qt::Checked)
            item->setCheckState(below ? Qt::PartiallyChecked : Qt::Unchecked);
        if (below && expand)
            this->expand(m_model->indexFromItem(item));
        holds = holds || below || item->checkState() == Qt::Checked;
    }
    return holds;
}

} // namespace sluice::console
