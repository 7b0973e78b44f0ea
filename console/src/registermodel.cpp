#include "registermodel.h"

#include "labels.h"

#include <QRegularExpression>

using namespace Qt::Literals::StringLiterals;

namespace sluice::console {

struct RegisterModel::Node {
    QString segment;
    Node *parent = nullptr;
    std::vector<std::unique_ptr<Node>> children;
    std::optional<RegisterEntry> entry; // leaves

    int row() const
    {
        if (!parent)
            return 0;
        for (std::size_t i = 0; i < parent->children.size(); ++i) {
            if (parent->children[i].get() == this)
                return int(i);
        }
        return 0;
    }
    Node *child(const QString &name)
    {
        for (auto &c : children) {
            if (c->segment == name)
                return c.get();
        }
        auto node = std::make_unique<Node>();
        node->segment = name;
        node->parent = this;
        children.push_back(std::move(node));
        return children.back().get();
    }
};

RegisterModel::RegisterModel(QObject *parent)
    : QAbstractItemModel(parent)
    , m_root(std::make_unique<Node>())
{
}

RegisterModel::~RegisterModel() = default;

QStringList RegisterModel::pathOf(const QString &type)
{
    // The namespace is everything up to a version segment (v4), else the first three segments of
    // longer names, else the first: be.digipolis.wcm.v4, nl.overheid.zaken, sluice.
    static const QRegularExpression version(u"^v\\d+$"_s);
    const QStringList parts = type.split(u'.');
    qsizetype head = 1;
    for (qsizetype i = 0; i < parts.size() - 1; ++i) {
        if (version.match(parts.at(i)).hasMatch()) {
            head = i + 1;
            break;
        }
        if (i == parts.size() - 2)
            head = parts.size() > 3 ? 3 : 1;
    }
    QStringList path{parts.mid(0, head).join(u'.')};
    path += parts.mid(head);
    return path;
}

void RegisterModel::setEntries(const QList<RegisterEntry> &entries)
{
    beginResetModel();
    m_root = std::make_unique<Node>();
    for (const RegisterEntry &entry : entries) {
        Node *node = m_root.get();
        for (const QString &segment : pathOf(entry.type))
            node = node->child(segment);
        node->entry = entry;
    }
    endResetModel();
}

void RegisterModel::updateEntry(const RegisterEntry &entry)
{
    const QModelIndex index = indexOfType(entry.type);
    Node *node = nodeOf(index);
    if (!index.isValid() || !node->entry)
        return;
    node->entry = entry;
    Q_EMIT dataChanged(index, index.siblingAtColumn(ColumnCount - 1));
}

QModelIndex RegisterModel::indexOfType(const QString &type) const
{
    const Node *node = m_root.get();
    for (const QString &segment : pathOf(type)) {
        const Node *next = nullptr;
        for (const auto &c : node->children) {
            if (c->segment == segment)
                next = c.get();
        }
        if (!next)
            return {};
        node = next;
    }
    return indexOfNode(node);
}

RegisterModel::Node *RegisterModel::nodeOf(const QModelIndex &index) const
{
    return index.isValid() ? static_cast<Node *>(index.internalPointer()) : m_root.get();
}

QModelIndex RegisterModel::indexOfNode(const Node *node, int column) const
{
    if (!node || node == m_root.get())
        return {};
    return createIndex(node->row(), column, const_cast<Node *>(node));
}

QModelIndex RegisterModel::index(int row, int column, const QModelIndex &parent) const
{
    const Node *node = nodeOf(parent);
    if (row < 0 || column < 0 || column >= ColumnCount || row >= int(node->children.size()))
        return {};
    return createIndex(row, column, node->children[std::size_t(row)].get());
}

QModelIndex RegisterModel::parent(const QModelIndex &child) const
{
    if (!child.isValid())
        return {};
    return indexOfNode(nodeOf(child)->parent);
}

int RegisterModel::rowCount(const QModelIndex &parent) const
{
    if (parent.isValid() && parent.column() != 0)
        return 0;
    return int(nodeOf(parent)->children.size());
}

int RegisterModel::columnCount(const QModelIndex &) const
{
    return ColumnCount;
}

QVariant RegisterModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid())
        return {};
    const Node *node = nodeOf(index);
    const std::optional<RegisterEntry> &entry = node->entry;
    if (role == TypeRole)
        return entry ? QVariant(entry->type) : QVariant();
    if (role == EntryRole)
        return entry ? QVariant(entry->toJson(false)) : QVariant();
    if (role == Qt::ToolTipRole && entry)
        return entry->type;
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case NameColumn: return node->segment;
    case TitleColumn: return entry ? QVariant(localized(entry->name)) : QVariant();
    case StatusColumn: return entry ? QVariant(stateLabel(registerStatusName(entry->status))) : QVariant();
    case ExposedColumn: return entry ? QVariant(entry->exposed ? tr("exposed") : tr("internal")) : QVariant();
    default: return {};
    }
}

QVariant RegisterModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case NameColumn: return tr("Type");
    case TitleColumn: return tr("Name");
    case StatusColumn: return tr("Status");
    case ExposedColumn: return tr("Exposure");
    default: return {};
    }
}

} // namespace sluice::console
