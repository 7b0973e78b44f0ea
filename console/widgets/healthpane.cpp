#include "healthpane.h"

#include "agentsession.h"
#include "healthchart.h"
#include "labels.h"

#include <QEvent>
#include <QLabel>
#include <QPointer>
#include <QVBoxLayout>

using namespace Qt::Literals::StringLiterals;

namespace sluice::console {

HealthPane::HealthPane(AgentSession &session, QWidget *parent)
    : QWidget(parent)
    , m_session(session)
    , m_title(new QLabel(this))
    , m_chart(new HealthChart(this))
{
    setObjectName(u"healthPane"_s);
    m_title->setObjectName(u"healthTitle"_s);
    m_title->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 4, 0, 0);
    layout->addWidget(m_title);
    layout->addWidget(m_chart, 1);
    retranslate();
}

void HealthPane::follow(const QString &subscription, const SubscriptionHealth &summary)
{
    if (subscription != m_subscription) {
        m_subscription = subscription;
        m_chart->setHealth(SubscriptionHealth{subscription});
        m_asked.invalidate();
        retranslate();
    }
    if (m_subscription.isEmpty() || !m_connected)
        return;
    const bool news = !m_asked.isValid() || summary.attempts != m_shownAttempts;
    if (news && (!m_asked.isValid() || m_asked.hasExpired(5000))) {
        m_shownAttempts = summary.attempts;
        fetch();
    }
}

void HealthPane::setConnected(bool connected)
{
    m_connected = connected;
    m_chart->setEnabled(connected); // grey: no longer live
    if (connected)
        m_asked.invalidate(); // asked again at the next follow()
}

QString HealthPane::title() const
{
    return m_title->text();
}

void HealthPane::fetch()
{
    m_asked.start();
    QPointer<HealthPane> self(this);
    const QString name = m_subscription;
    m_session.subscriptionHealth(name, [self, name](const QJsonObject &result, const QString &error) {
        if (!self || name != self->m_subscription)
            return; // another subscription was chosen meanwhile
        if (!error.isEmpty()) {
            self->m_title->setText(error);
            return;
        }
        self->m_chart->setHealth(SubscriptionHealth::fromJson(result));
        self->retranslate();
    });
}

void HealthPane::retranslate()
{
    if (m_subscription.isEmpty())
        m_title->setText(tr("Choose a subscription to see its last hour."));
    else
        m_title->setText(tr("%1 in the last hour: %2").arg(m_subscription, healthSummary(m_chart->health())));
}

void HealthPane::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWidget::changeEvent(event);
}

} // namespace sluice::console
