#include "replaydialog.h"

#include "agentsession.h"
#include "protocol.h"

#include <QCheckBox>
#include <QDateTimeEdit>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QJsonArray>
#include <QLabel>
#include <QLocale>
#include <QPlainTextEdit>
#include <QPointer>
#include <QProgressBar>
#include <QPushButton>
#include <QVBoxLayout>

using namespace Qt::Literals::StringLiterals;
namespace replay = sluice::protocol::replay;

namespace sluice::console {

ReplayDialog::ReplayDialog(AgentSession &session, const QString &subscription, QWidget *parent)
    : QDialog(parent)
    , m_session(session)
    , m_subscription(subscription)
    , m_from(new QDateTimeEdit(QDateTime::currentDateTime().addSecs(-3600), this))
    , m_to(new QDateTimeEdit(QDateTime::currentDateTime(), this))
    , m_untilNow(new QCheckBox(tr("until &now"), this))
    , m_count(new QPushButton(tr("&Count first"), this))
    , m_start(new QPushButton(tr("&Replay"), this))
    , m_stop(new QPushButton(tr("&Stop"), this))
    , m_progress(new QProgressBar(this))
    , m_state(new QLabel(this))
    , m_result(new QPlainTextEdit(this))
{
    setObjectName(u"replayDialog"_s);
    setWindowTitle(tr("Replay events of %1").arg(subscription));
    m_from->setObjectName(u"replayFrom"_s);
    m_to->setObjectName(u"replayTo"_s);
    m_untilNow->setObjectName(u"replayUntilNow"_s);
    m_count->setObjectName(u"replayCount"_s);
    m_start->setObjectName(u"replayStart"_s);
    m_stop->setObjectName(u"replayStop"_s);
    m_result->setObjectName(u"replayResult"_s);
    for (QDateTimeEdit *edit : {m_from, m_to}) {
        edit->setCalendarPopup(true);
        edit->setDisplayFormat(u"yyyy-MM-dd HH:mm:ss"_s);
    }
    m_untilNow->setChecked(true);
    m_to->setEnabled(false);
    m_result->setReadOnly(true);
    m_result->setPlaceholderText(tr("Count first: how many events would be sent again, with examples."));
    m_progress->setVisible(false);
    m_state->setWordWrap(true);

    auto *explanation = new QLabel(tr("The agent reads the subscription's topics again from Kafka, applies the "
                                      "subscription as it is now, and sends what it selects once more, marked as a "
                                      "replay, after live deliveries."),
                                   this);
    explanation->setWordWrap(true);
    auto *to = new QHBoxLayout;
    to->addWidget(m_to, 1);
    to->addWidget(m_untilNow);
    auto *form = new QFormLayout;
    form->addRow(tr("&From (local time):"), m_from);
    auto *toLabel = new QLabel(tr("&To:"), this); // a row of two: the label needs its buddy named
    toLabel->setBuddy(m_to);
    form->addRow(toLabel, to);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    buttons->addButton(m_count, QDialogButtonBox::ActionRole);
    buttons->addButton(m_start, QDialogButtonBox::ActionRole);
    buttons->addButton(m_stop, QDialogButtonBox::ActionRole);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(explanation);
    layout->addLayout(form);
    layout->addWidget(m_progress);
    layout->addWidget(m_state);
    layout->addWidget(m_result, 1);
    layout->addWidget(buttons);
    resize(620, 460);

    connect(m_count, &QPushButton::clicked, this, &ReplayDialog::count);
    connect(m_start, &QPushButton::clicked, this, &ReplayDialog::start);
    connect(m_stop, &QPushButton::clicked, this, &ReplayDialog::stop);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_untilNow, &QCheckBox::toggled, m_to, [this](bool now) {
        m_to->setEnabled(!now);
        rangeChanged();
    });
    connect(m_from, &QDateTimeEdit::dateTimeChanged, this, &ReplayDialog::rangeChanged);
    connect(m_to, &QDateTimeEdit::dateTimeChanged, this, &ReplayDialog::rangeChanged);
    connect(&session, &AgentSession::jobProgress, this, &ReplayDialog::progress);
    updateButtons();
}

QJsonObject ReplayDialog::params(bool dryRun) const
{
    QJsonObject params{{replay::Subscription, m_subscription},
                       {replay::From, m_from->dateTime().toUTC().toString(Qt::ISODateWithMs)},
                       {replay::DryRun, dryRun}};
    if (!m_untilNow->isChecked())
        params.insert(replay::To, m_to->dateTime().toUTC().toString(Qt::ISODateWithMs));
    return params;
}

void ReplayDialog::count()
{
    begin(true);
}

// Only what was counted: a replay of the range the last count was for.
void ReplayDialog::start()
{
    begin(false);
}

void ReplayDialog::begin(bool dryRun)
{
    m_dryRun = dryRun;
    m_job = u"starting"_s;
    QJsonObject asked = params(dryRun);
    if (!dryRun && m_untilNow->isChecked())
        asked.insert(replay::To, m_counted.value(replay::To)); // the moment the count ended: the same range
    m_result->clear();
    m_state->setText(dryRun ? tr("Counting…") : tr("Starting the replay…"));
    updateButtons();
    QPointer<ReplayDialog> self(this);
    m_session.replay(asked, [self, dryRun](const QJsonObject &job, const QString &error) {
        if (!self)
            return;
        if (!error.isEmpty()) {
            self->m_job.clear();
            self->m_state->setText(error);
            self->updateButtons();
            return;
        }
        self->m_dryRun = dryRun;
        self->progress(job);
    });
}

void ReplayDialog::stop()
{
    if (!m_job.isEmpty() && m_job != u"starting"_s)
        m_session.stopJob(m_job, [](const QJsonObject &, const QString &) {});
}

void ReplayDialog::progress(const QJsonObject &json)
{
    const JobProgress job = JobProgress::fromJson(json);
    if (m_job.isEmpty() || job.subscription != m_subscription || !job.replay())
        return;
    m_job = job.id;
    const QLocale locale;
    m_progress->setVisible(true);
    m_progress->setRange(0, int(std::max<qint64>(job.total, 1)));
    m_progress->setValue(int(job.done));
    m_progress->setFormat(tr("%1 of %2 messages read").arg(locale.toString(job.done), locale.toString(job.total)));
    if (job.ongoing()) {
        m_state->setText(m_dryRun ? tr("Counting: %Ln selected so far.", nullptr, int(job.matched))
                                  : tr("Replaying: %Ln stored for sending so far.", nullptr, int(job.stored)));
        updateButtons();
        return;
    }
    finished(job);
}

void ReplayDialog::finished(const JobProgress &job)
{
    namespace key = protocol::job;
    if (job.state == key::Failed)
        m_state->setText(tr("The replay failed: %1").arg(job.error));
    else if (job.state == key::Stopped)
        m_state->setText(tr("Stopped: %Ln event(s) stored for sending until then.", nullptr, int(job.stored)));
    else if (m_dryRun)
        m_state->setText(tr("%Ln event(s) would be sent again", nullptr, int(job.matched)) + u" "_s +
                         tr("(of %Ln message(s) read). Replay sends these.", nullptr, int(job.done)));
    else
        m_state->setText(
            tr("Done: %Ln event(s) stored; they are sent after live deliveries.", nullptr, int(job.stored)));
    QStringList lines;
    if (!job.gaps.isEmpty())
        lines.append(tr("Kafka no longer has part of this range:"));
    for (const QJsonValue &gap : job.gaps)
        lines.append(u"  "_s + gap.toObject().value(replay::Reason).toString());
    if (!job.examples.isEmpty())
        lines.append(tr("For example:"));
    for (const QJsonValue &e : job.examples) {
        const QJsonObject x = e.toObject();
        lines.append(u"  %1  %2  %3  (%4/%5@%6)"_s
                         .arg(x.value(replay::Time).toString(), x.value(replay::Type).toString(),
                              x.value(replay::Id).toString(), x.value(replay::Topic).toString())
                         .arg(x.value(replay::Partition).toInt())
                         .arg(x.value(replay::Offset).toInteger()));
    }
    m_result->setPlainText(lines.join(u'\n'));
    const bool counted = m_dryRun && job.state == protocol::job::Finished;
    m_counted = counted ? params(true) : QJsonObject();
    if (counted && m_untilNow->isChecked())
        m_counted.insert(replay::To, QDateTime::fromMSecsSinceEpoch(job.endedAt, Qt::UTC).toString(Qt::ISODateWithMs));
    m_job.clear();
    updateButtons();
}

// A changed range needs counting again before it is replayed.
void ReplayDialog::rangeChanged()
{
    m_counted = {};
    updateButtons();
}

void ReplayDialog::updateButtons()
{
    const bool busy = !m_job.isEmpty();
    m_count->setEnabled(!busy);
    m_start->setEnabled(!busy && !m_counted.isEmpty());
    m_start->setToolTip(m_counted.isEmpty() ? tr("Count first: a replay sends what the count found") : QString());
    m_stop->setEnabled(busy && m_job != u"starting"_s);
    m_from->setEnabled(!busy);
    m_untilNow->setEnabled(!busy);
    m_to->setEnabled(!busy && !m_untilNow->isChecked());
}

QString ReplayDialog::result() const
{
    return m_state->text() + u'\n' + m_result->toPlainText();
}

} // namespace sluice::console
