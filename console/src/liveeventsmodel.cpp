#include "liveeventsmodel.h"
#include "protocol.h"

#include "labels.h"

#include <QLocale>

#include <QJsonArray>
#include <QJsonDocument>

using namespace Qt::Literals::StringLiterals;

namespace sluice::console {

LiveEventsModel::LiveEventsModel(int capacity, QObject *parent)
    : QAbstractTableModel(parent)
    , m_capacity(std::max(1, capacity))
{
}

void LiveEventsModel::addEvents(const QJsonArray &events)
{
    if (events.isEmpty())
        return;
    if (m_paused) {
        m_missed += events.size();
        return;
    }
    // Of a batch larger than the whole window only the newest fit.
    const qsizetype take = std::min<qsizetype>(events.size(), m_capacity);
    const qsizetype overflow = qsizetype(m_rows.size()) + take - m_capacity;
    if (overflow > 0) {
        const int first = int(m_rows.size() - overflow);
        beginRemoveRows({}, first, int(m_rows.size()) - 1);
        m_rows.erase(m_rows.end() - overflow, m_rows.end());
        endRemoveRows();
    }
    beginInsertRows({}, 0, int(take) - 1);
    for (qsizetype i = events.size() - take; i < events.size(); ++i) {
        const QJsonObject item = events.at(i).toObject();
        Row row;
        row.event = item.value(protocol::stream::Event).toObject();
        row.record = ShownRecord::fromJson(item.value(protocol::stream::Record).toObject());
        for (const QJsonValue &m : item.value(protocol::stream::Matched).toArray())
            row.matched.append(m.toString());
        for (const QJsonValue &d : item.value(protocol::stream::Deliveries).toArray())
            row.deliveryIds.append(d.toObject().value(protocol::stream::Id).toString());
        row.receivedAt = QDateTime::fromString(item.value(protocol::stream::ReceivedAt).toString(), Qt::ISODateWithMs);
        m_rows.push_front(std::move(row)); // newest first
    }
    endInsertRows();
}

int LiveEventsModel::rowOfDelivery(const QString &deliveryId) const
{
    for (std::size_t i = 0; i < m_rows.size(); ++i) {
        if (m_rows[i].deliveryIds.contains(deliveryId))
            return int(i);
    }
    return -1;
}

void LiveEventsModel::addOutcomes(const QJsonArray &outcomes)
{
    for (const QJsonValue &value : outcomes) {
        const QJsonObject outcome = value.toObject();
        const int row = rowOfDelivery(outcome.value(protocol::stream::Id).toString());
        if (row < 0)
            continue; // its event has left the window
        const int status = outcome.value(protocol::stream::HttpStatus).toInt();
        const DeliveryStatus said = DeliveryStatus::fromJson(outcome.value(protocol::stream::Status).toObject());
        // Delivered needs no more words; anything else says why it stands where it does.
        QString text =
            u"%1: %2"_s.arg(outcome.value(protocol::stream::Subscription).toString(), phaseLabel(said.phase));
        if (status > 0)
            text += u" (%1)"_s.arg(status);
        if (said.phase != DeliveryPhase::Delivered)
            text += u" — "_s + statusText(said);
        m_rows[std::size_t(row)].outcomes.insert(outcome.value(protocol::stream::Id).toString(), text);
        const QModelIndex changed = index(row, OutcomeColumn);
        Q_EMIT dataChanged(changed, changed);
    }
}

void LiveEventsModel::setPaused(bool paused)
{
    m_paused = paused;
    if (!paused)
        m_missed = 0;
}

void LiveEventsModel::clear()
{
    beginResetModel();
    m_rows.clear();
    endResetModel();
}

int LiveEventsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int LiveEventsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant LiveEventsModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= int(m_rows.size()))
        return {};
    const Row &row = m_rows[std::size_t(index.row())];
    if (role == EventRole)
        return row.event;
    if (role == RecordRole)
        return QVariant::fromValue(row.record);
    if (role == Qt::ToolTipRole && index.column() == TypeColumn)
        return row.event.value(u"type"_s).toString(); // shown cut from the left
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case TimeColumn: return QLocale().toString(row.receivedAt.toLocalTime().time(), u"HH:mm:ss.zzz"_s);
    case TypeColumn: return row.event.value(u"type"_s).toString();
    case SubjectColumn: return row.event.value(u"subject"_s).toString();
    case SourceColumn: return row.event.value(u"source"_s).toString();
    case MatchedColumn: return row.matched.isEmpty() ? tr("none") : row.matched.join(u", "_s);
    case OutcomeColumn: {
        QStringList parts = row.outcomes.values();
        parts.sort();
        return parts.join(u"; "_s);
    }
    default: return {};
    }
}

QVariant LiveEventsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case TimeColumn: return tr("Time");
    case TypeColumn: return tr("Type");
    case SubjectColumn: return tr("Subject");
    case SourceColumn: return tr("Source");
    case MatchedColumn: return tr("Matched subscriptions");
    case OutcomeColumn: return tr("Outcome");
    default: return {};
    }
}

} // namespace sluice::console
