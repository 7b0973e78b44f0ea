#include "service/service.h"

using namespace Qt::Literals::StringLiterals;

namespace sluice::agent {

namespace {

class Foreground : public ServiceManager {
public:
    QString name() const override { return u"foreground"_s; }
    void ready(const QString &) override {}
    void status(const QString &) override {}
    void stopping() override {}
    std::chrono::milliseconds watchdogInterval() const override { return std::chrono::milliseconds(0); }
    void alive() override {}
};

} // namespace

std::unique_ptr<ServiceManager> ServiceManager::foreground()
{
    return std::make_unique<Foreground>();
}

} // namespace sluice::agent
