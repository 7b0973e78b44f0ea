#pragma once

#include <QString>

#include <chrono>
#include <memory>

namespace sluice::agent {

// What the agent tells the operating system's service manager, behind one small interface (as
// Transmission keeps daemon-posix and daemon-win32 apart): systemd's sd_notify on Linux
// (service_systemd.cpp), the Windows service control manager (service_win32.cpp, untested), or
// nothing when run from a shell.
class ServiceManager {
public:
    virtual ~ServiceManager() = default;

    // The one for this platform and this process (systemd only when started by systemd).
    static std::unique_ptr<ServiceManager> create();
    // Run from a shell: there is nobody to tell.
    static std::unique_ptr<ServiceManager> foreground();

    virtual QString name() const = 0;
    virtual void ready(const QString &status) = 0; // consuming: the start is complete
    virtual void status(const QString &status) = 0;
    virtual void stopping() = 0;
    // How often the event loop must say it is alive; zero when nobody watches.
    virtual std::chrono::milliseconds watchdogInterval() const = 0;
    virtual void alive() = 0;
};

} // namespace sluice::agent
