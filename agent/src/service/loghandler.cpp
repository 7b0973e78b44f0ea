#include "service/loghandler.h"

#include "edgecheck.h"

#include <QMutex>

#include <cstdio>

namespace sluice::agent::logging {

namespace {

QMutex s_mutex;
std::function<void(const QByteArray &)> s_sink;

void handle(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    const QByteArray line = format(type, context, message).toLocal8Bit();
    {
        const QMutexLocker lock(&s_mutex);
        if (s_sink) {
            s_sink(line);
        } else {
            std::fwrite(line.constData(), 1, size_t(line.size()), stderr);
            std::fputc('\n', stderr);
            std::fflush(stderr);
        }
    }
    if (type == QtFatalMsg)
        std::abort();
}

} // namespace

void install()
{
    qInstallMessageHandler(handle);
}

QString format(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    return qFormatLogMessage(type, context, edge::escapeForLog(message));
}

void setSink(std::function<void(const QByteArray &)> sink)
{
    const QMutexLocker lock(&s_mutex);
    s_sink = std::move(sink);
}

} // namespace sluice::agent::logging
