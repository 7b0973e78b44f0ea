// Polled subscriptions in the SQL queue: their events are deliveries like any other, never claimed
// by the dispatcher; a consumer reads them by cursor (the delivery's row), and reading with a cursor
// acknowledges (marks delivered) everything up to it. poll_state keeps per subscription how far
// retention removed (older cursors expire), how far it was read, and when.
#include "queue/sql/sqldatabase.h"
#include "queue/sql/sqldeliveryqueue.h"

#include <QVariant>

using namespace Qt::Literals::StringLiterals;

namespace sluice::agent {

std::optional<qint64> SqlDeliveryQueue::pollHorizon(QString *error)
{
    QSqlQuery query = m_db.query(u"SELECT COALESCE(MAX(id), 0) FROM deliveries"_s);
    if (!m_db.exec(query, error) || !query.next())
        return std::nullopt;
    return query.value(0).toLongLong();
}

std::optional<SqlDeliveryQueue::PollState> SqlDeliveryQueue::pollState(const QString &subscription, QString *error)
{
    QSqlQuery &query =
        m_db.statement(u"SELECT removed_through, acked_through FROM poll_state WHERE subscription = ?"_s);
    query.addBindValue(subscription);
    if (!m_db.exec(query, error))
        return std::nullopt;
    PollState state;
    if (query.next())
        state = {query.value(0).toLongLong(), query.value(1).toLongLong()};
    query.finish();
    return state;
}

// column: removed_through, acked_through (both only grow) or polled_at.
bool SqlDeliveryQueue::savePollState(const QString &subscription, const QString &column, qint64 value, QString *error)
{
    const bool grows = column != u"polled_at";
    QSqlQuery &save = m_db.statement(
        u"INSERT INTO poll_state (subscription, %1) VALUES (?, ?) ON CONFLICT (subscription) DO UPDATE SET %1 = %2"_s
            .arg(column,
                 grows ? u"CASE WHEN excluded.%1 > poll_state.%1 THEN excluded.%1 ELSE poll_state.%1 END"_s.arg(column)
                       : u"excluded.%1"_s.arg(column)));
    save.addBindValue(subscription);
    save.addBindValue(value);
    return m_db.exec(save, error);
}

std::optional<PollPage> SqlDeliveryQueue::poll(const QString &subscription, qint64 cursor, int limit, qint64 now,
                                               QString *error)
{
    Transaction transaction(m_db, error);
    const std::optional<PollState> state = transaction.ok() ? pollState(subscription, error) : std::nullopt;
    if (!state)
        return std::nullopt;
    PollPage page;
    page.oldestCursor = state->removedThrough;
    if (cursor >= 0 && cursor < state->removedThrough) {
        page.expired = true;
        return page;
    }
    // The horizon first: on PostgreSQL it waits for writers in flight before this transaction locks
    // any row (the acknowledgement's), so that the two never wait for each other.
    const std::optional<qint64> horizon = pollHorizon(error);
    if (!horizon)
        return std::nullopt;
    if (cursor > state->ackedThrough) {
        QSqlQuery &ack = m_db.statement(u"UPDATE deliveries SET state = 'delivered', updated_at = ?, attempts = 1"
                                        u" WHERE subscription = ? AND state = 'pending' AND id > ? AND id <= ?"_s);
        ack.addBindValue(now);
        ack.addBindValue(subscription);
        ack.addBindValue(state->ackedThrough);
        ack.addBindValue(cursor);
        if (!m_db.exec(ack, error) || !savePollState(subscription, u"acked_through"_s, cursor, error))
            return std::nullopt;
    }
    if (!savePollState(subscription, u"polled_at"_s, now, error))
        return std::nullopt;
    QSqlQuery &read = m_db.statement(u"SELECT d.id, e.payload FROM deliveries d JOIN events e ON e.id = d.event_id"
                                     u" WHERE d.subscription = ? AND d.id > ? AND d.id <= ?"
                                     u" AND d.state IN ('pending', 'delivered') ORDER BY d.id LIMIT ?"_s);
    read.addBindValue(subscription);
    read.addBindValue(std::max(cursor, state->removedThrough));
    read.addBindValue(*horizon);
    read.addBindValue(limit);
    if (!m_db.exec(read, error))
        return std::nullopt;
    while (read.next())
        page.events.append({read.value(0).toLongLong(), read.value(1).toByteArray()});
    read.finish();
    if (!transaction.commit(error))
        return std::nullopt;
    return page;
}

int SqlDeliveryQueue::purgePolled(const QString &subscription, qint64 storedBefore)
{
    Transaction transaction(m_db, nullptr);
    if (!transaction.ok())
        return 0;
    // Everything up to the newest row stored before the cut-off: cursors stay one line, with no holes.
    QSqlQuery &through =
        m_db.statement(u"SELECT COALESCE(MAX(id), 0) FROM deliveries WHERE subscription = ? AND created_at < ?"_s);
    through.addBindValue(subscription);
    through.addBindValue(storedBefore);
    if (!m_db.exec(through, nullptr) || !through.next())
        return 0;
    const qint64 boundary = through.value(0).toLongLong();
    through.finish();
    if (boundary == 0)
        return 0;
    QSqlQuery &remove = m_db.statement(u"DELETE FROM deliveries WHERE subscription = ? AND id <= ?"_s);
    remove.addBindValue(subscription);
    remove.addBindValue(boundary);
    if (!m_db.exec(remove, nullptr))
        return 0;
    const int removed = remove.numRowsAffected();
    if (!savePollState(subscription, u"removed_through"_s, boundary, nullptr) || !transaction.commit(nullptr))
        return 0;
    return removed;
}

PollFigures SqlDeliveryQueue::pollFigures(const QString &subscription)
{
    PollFigures figures;
    QSqlQuery &unread = m_db.statement(u"SELECT COUNT(*), COALESCE(MIN(created_at), 0) FROM deliveries"
                                       u" WHERE subscription = ? AND state = 'pending'"_s);
    unread.addBindValue(subscription);
    if (m_db.exec(unread, nullptr) && unread.next())
        figures = {unread.value(0).toLongLong(), unread.value(1).toLongLong(), 0};
    unread.finish();
    QSqlQuery &polled = m_db.statement(u"SELECT COALESCE(polled_at, 0) FROM poll_state WHERE subscription = ?"_s);
    polled.addBindValue(subscription);
    if (m_db.exec(polled, nullptr) && polled.next())
        figures.polledAt = polled.value(0).toLongLong();
    polled.finish();
    return figures;
}

} // namespace sluice::agent
