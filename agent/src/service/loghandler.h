#pragma once

#include <QByteArray>
#include <QString>
#include <QtGlobal>

#include <functional>

// The agent's log: every message that goes through Qt logging (all categories, librdkafka's too)
// is escaped before it is written (edge::escapeForLog): a line break, a control character or a
// bidirectional override inside a value from outside shows as \n, \r, \u202e, so one message is
// always one line and a consumer cannot forge another line of the journal. The format stays Qt's
// (QT_MESSAGE_PATTERN applies).
namespace sluice::agent::logging {

// From now on, messages go escaped to stderr (under systemd: the journal).
void install();
// The message as it is written, without the line end.
QString format(QtMsgType type, const QMessageLogContext &context, const QString &message);
// Where the lines go instead of stderr, until reset with {} (tests look at what would be logged).
void setSink(std::function<void(const QByteArray &line)> sink);

} // namespace sluice::agent::logging
