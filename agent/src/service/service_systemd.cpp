// systemd: Type=notify services report READY, STATUS, STOPPING and WATCHDOG over $NOTIFY_SOCKET.
#include "service/service.h"

#include <QByteArray>

#ifdef SLUICE_HAVE_SYSTEMD
#include <systemd/sd-daemon.h>
#endif

using namespace Qt::Literals::StringLiterals;

namespace sluice::agent {

namespace {

#ifdef SLUICE_HAVE_SYSTEMD
class Systemd : public ServiceManager {
public:
    Systemd()
    {
        uint64_t usec = 0;
        if (sd_watchdog_enabled(0, &usec) > 0)
            m_watchdog = std::chrono::milliseconds(usec / 1000 / 2); // ping twice per period
    }
    QString name() const override { return u"systemd"_s; }
    void ready(const QString &status) override { notify("READY=1\nSTATUS=" + status.toUtf8()); }
    void status(const QString &status) override { notify("STATUS=" + status.toUtf8()); }
    void stopping() override { notify("STOPPING=1\nSTATUS=stopping: finishing deliveries in flight"); }
    std::chrono::milliseconds watchdogInterval() const override { return m_watchdog; }
    void alive() override { notify("WATCHDOG=1"); }

private:
    static void notify(const QByteArray &state) { sd_notify(0, state.constData()); }
    std::chrono::milliseconds m_watchdog{0};
};
#endif

} // namespace

std::unique_ptr<ServiceManager> ServiceManager::create()
{
#ifdef SLUICE_HAVE_SYSTEMD
    if (qEnvironmentVariableIsSet("NOTIFY_SOCKET"))
        return std::make_unique<Systemd>();
#endif
    return foreground();
}

} // namespace sluice::agent
