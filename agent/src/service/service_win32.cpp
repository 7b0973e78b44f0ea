// UNTESTED: this machine cannot build for Windows. The Windows service control manager's side of
// ServiceManager, for an agent installed as a Windows service (installer/windows/). main() would
// hand itself to StartServiceCtrlDispatcherW when started by the SCM; this reports the states.
#include "service/service.h"

#include <windows.h>

using namespace Qt::Literals::StringLiterals;

namespace sluice::agent {

namespace {

SERVICE_STATUS_HANDLE g_handle = nullptr; // set by the service main (RegisterServiceCtrlHandlerW)

class WindowsService : public ServiceManager {
public:
    QString name() const override { return u"windows"_s; }
    void ready(const QString &) override { report(SERVICE_RUNNING); }
    void status(const QString &) override {}
    void stopping() override { report(SERVICE_STOP_PENDING, 30'000); }
    std::chrono::milliseconds watchdogInterval() const override { return std::chrono::milliseconds(0); }
    void alive() override {}

private:
    static void report(DWORD state, DWORD waitHint = 0)
    {
        if (!g_handle)
            return;
        SERVICE_STATUS status{};
        status.dwServiceType = SERVICE_WIN32_OWN_PROCESS;
        status.dwCurrentState = state;
        status.dwControlsAccepted = state == SERVICE_RUNNING ? SERVICE_ACCEPT_STOP | SERVICE_ACCEPT_SHUTDOWN : 0;
        status.dwWaitHint = waitHint;
        SetServiceStatus(g_handle, &status);
    }
};

} // namespace

std::unique_ptr<ServiceManager> ServiceManager::create()
{
    if (g_handle)
        return std::make_unique<WindowsService>();
    return foreground();
}

} // namespace sluice::agent
