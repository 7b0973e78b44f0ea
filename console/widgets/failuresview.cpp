#include "failuresview.h"
#include "protocol.h"

#include "agentsession.h"
#include "cloudevent.h"
#include "failuresmodel.h"
#include "jobprogress.h"
#include "quarantinemodel.h"
#include "subscriptionsmodel.h"
#include "viewsupport.h"

#include <QAction>
#include <QComboBox>
#include <QEvent>
#include <QHeaderView>
#include <QJsonArray>
#include <QLabel>
#include <QLocale>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPointer>
#include <QProgressBar>
#include <QScrollBar>
#include <QSplitter>
#include <QTabWidget>
#include <QTableView>
#include <QToolBar>
#include <QVBoxLayout>

using namespace Qt::Literals::StringLiterals;

namespace sluice::console {

namespace {

constexpr int kPage = 500;

QWidget *stack(QWidget *parent, const QString &name, const QList<QWidget *> &top, QWidget *upper, QWidget *lower)
{
    auto *page = new QWidget(parent);
    auto *layout = new QVBoxLayout(page);
    for (QWidget *widget : top)
        layout->addWidget(widget);
    auto *splitter = new QSplitter(Qt::Vertical, page);
    splitter->setObjectName(name);
    splitter->addWidget(upper);
    splitter->addWidget(lower);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    layout->addWidget(splitter, 1);
    return page;
}

} // namespace

FailuresView::FailuresView(AgentSession &session, FailuresModel &failures, QuarantineModel &quarantine,
                           const SubscriptionsModel &subscriptions, QWidget *parent)
    : QWidget(parent)
    , m_session(session)
    , m_failures(failures)
    , m_quarantine(quarantine)
    , m_subscriptions(subscriptions)
    , m_tabs(new QTabWidget(this))
    , m_toolbar(new QToolBar(this))
    , m_subscription(new QComboBox(this))
    , m_state(new QComboBox(this))
    , m_refresh(new QAction(QIcon::fromTheme(u"view-refresh"_s), QString(), this))
    , m_retry(new QAction(QIcon::fromTheme(u"view-refresh"_s), QString(), this))
    , m_retryAll(new QAction(QString(), this))
    , m_discard(new QAction(QIcon::fromTheme(u"edit-delete"_s), QString(), this))
    , m_progress(new QProgressBar(this))
    , m_table(rowTable(&failures, this))
    , m_detail(codePane(this))
    , m_empty(emptyState(&failures, this))
    , m_total(new QLabel(this))
    , m_quarantineBar(new QToolBar(this))
    , m_discardQuarantined(new QAction(QIcon::fromTheme(u"edit-delete"_s), QString(), this))
    , m_quarantineTable(rowTable(&quarantine, this))
    , m_quarantineDetail(codePane(this))
    , m_quarantineEmpty(emptyState(&quarantine, this))
{
    m_table->setObjectName(u"failuresTable"_s);
    m_detail->setObjectName(u"failureDetail"_s);
    m_subscription->setObjectName(u"failuresSubscription"_s);
    m_state->setObjectName(u"failuresState"_s);
    m_progress->setObjectName(u"retryProgress"_s);
    m_quarantineTable->setObjectName(u"quarantineTable"_s);
    m_quarantineDetail->setLineWrapMode(QPlainTextEdit::WidgetWidth);
    m_toolbar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_quarantineBar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_subscription->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_state->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_subscription->setMinimumContentsLength(16);
    using namespace protocol::deliveryquery;
    for (const QString &state : {Attention, Held, Waiting, Dead, Discarded})
        m_state->addItem(QString(), state);
    m_retry->setShortcut(Qt::CTRL | Qt::Key_R);
    m_discard->setShortcut(QKeySequence::Delete);
    m_discard->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    m_toolbar->addWidget(m_subscription);
    m_toolbar->addWidget(m_state);
    m_toolbar->addAction(m_refresh);
    m_toolbar->addSeparator();
    m_toolbar->addAction(m_retry);
    m_toolbar->addAction(m_retryAll);
    m_toolbar->addAction(m_discard);
    m_progressAction = m_toolbar->addWidget(m_progress);
    m_quarantineBar->addAction(m_discardQuarantined);
    for (QAction *action : {m_retry, m_discard})
        addAction(action);
    m_progressAction->setVisible(false);
    m_progress->setMaximumWidth(240);
    m_table->horizontalHeader()->setSectionResizeMode(FailuresModel::TypeColumn, QHeaderView::ResizeToContents);
    for (int column : {QuarantineModel::ReceivedColumn, QuarantineModel::TopicColumn})
        m_quarantineTable->horizontalHeader()->setSectionResizeMode(column, QHeaderView::ResizeToContents);
    rememberColumns(m_table->horizontalHeader(), u"failures"_s);
    rememberColumns(m_quarantineTable->horizontalHeader(), u"quarantine"_s);

    m_tabs->addTab(stack(this, u"failuresSplitter"_s, {m_toolbar, m_empty, m_total}, m_table, m_detail), QString());
    m_tabs->addTab(stack(this, u"quarantineSplitter"_s, {m_quarantineBar, m_quarantineEmpty}, m_quarantineTable,
                         m_quarantineDetail),
                   QString());
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_tabs);

    connect(m_refresh, &QAction::triggered, this, &FailuresView::refresh);
    connect(m_retry, &QAction::triggered, this, &FailuresView::retrySelected);
    connect(m_retryAll, &QAction::triggered, this, &FailuresView::confirmRetryAll);
    connect(m_discard, &QAction::triggered, this, [this] {
        if (QMessageBox::question(this, tr("Discard?"),
                                  tr("Discard the selected deliveries? They are kept but never sent.")) ==
            QMessageBox::Yes)
            discardSelected();
    });
    connect(m_discardQuarantined, &QAction::triggered, this, &FailuresView::discardQuarantined);
    connect(m_subscription, &QComboBox::activated, this, &FailuresView::refresh);
    connect(m_state, &QComboBox::activated, this, [this] {
        updateEmptyText();
        refresh();
    });
    // The detail follows the chosen row, however it was chosen (click, keys, select all).
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this, [this] {
        showDelivery();
        updateActions();
    });
    connect(m_quarantineTable->selectionModel(), &QItemSelectionModel::selectionChanged, this, [this] {
        showQuarantined();
        updateActions();
    });
    // A reload keeps the chosen deliveries chosen and the list where it was scrolled to.
    connect(&failures, &QAbstractItemModel::modelAboutToBeReset, this, &FailuresView::rememberSelection);
    connect(&failures, &QAbstractItemModel::modelReset, this, &FailuresView::restoreSelection);
    // The agent tells when deliveries needing attention change: reloaded within a moment, no F5.
    m_reload.setSingleShot(true);
    m_reload.setInterval(250);
    connect(&m_reload, &QTimer::timeout, this, &FailuresView::refresh);
    connect(&session, &AgentSession::deliveriesChanged, &m_reload, qOverload<>(&QTimer::start));
    connect(&subscriptions, &QAbstractItemModel::modelReset, this, &FailuresView::fillSubscriptions);
    connect(&session, &AgentSession::jobProgress, this, &FailuresView::jobProgress);
    retranslate();
    updateActions();
}

void FailuresView::retranslate()
{
    m_tabs->setTabText(0, tr("&Deliveries"));
    m_tabs->setTabText(1, tr("&Quarantine"));
    m_state->setItemText(0, tr("Needs attention"));
    m_state->setItemText(1, tr("Held back"));
    m_state->setItemText(2, tr("Waiting"));
    m_state->setItemText(3, tr("Dead letters"));
    m_state->setItemText(4, tr("Discarded"));
    m_state->setToolTip(tr("Needs attention: dead letters, and deliveries held back (circuit open, endpoint "
                           "disabled, paused, outside the delivery window, …)"));
    m_subscription->setToolTip(tr("Which subscription's deliveries"));
    m_refresh->setText(tr("Refresh"));
    m_retry->setText(tr("&Retry"));
    setShortcutToolTip(m_retry, tr("Retry the selected deliveries now (%1)"));
    m_retryAll->setText(tr("Retry &all matching"));
    m_retryAll->setToolTip(tr("Retry every delivery matching the choices, in the background with progress"));
    m_discard->setText(tr("D&iscard"));
    m_discard->setToolTip(tr("Never send the selected deliveries; they stay visible as discarded"));
    m_discardQuarantined->setText(tr("D&iscard"));
    m_discardQuarantined->setToolTip(tr("Remove the selected quarantined messages"));
    updateEmptyText();
    m_quarantineEmpty->setText(tr("Nothing quarantined — every message could be read."));
    m_detail->setPlaceholderText(tr("Choose a delivery to see its event and every attempt."));
    m_quarantineDetail->setPlaceholderText(tr("Choose a message to see its bytes and why it was quarantined."));
    fillSubscriptions();
    Q_EMIT m_failures.headerDataChanged(Qt::Horizontal, 0, FailuresModel::ColumnCount - 1);
    Q_EMIT m_quarantine.headerDataChanged(Qt::Horizontal, 0, QuarantineModel::ColumnCount - 1);
}

void FailuresView::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWidget::changeEvent(event);
}

void FailuresView::fillSubscriptions()
{
    const QString current = m_subscription->currentData().toString();
    m_subscription->clear();
    m_subscription->addItem(tr("All subscriptions"), QString());
    for (int row = 0; row < m_subscriptions.rowCount(); ++row) {
        const QString name = m_subscriptions.index(row, SubscriptionsModel::NameColumn).data().toString();
        m_subscription->addItem(name, name);
    }
    m_subscription->setCurrentIndex(std::max(0, m_subscription->findData(current)));
}

void FailuresView::setEditable(bool editable)
{
    m_editable = editable;
    updateActions();
}

void FailuresView::updateActions()
{
    const bool chosen = m_table->selectionModel()->hasSelection();
    const bool retryable = m_state->currentData() != protocol::deliveryquery::Discarded;
    m_retry->setEnabled(m_editable && chosen && retryable);
    m_discard->setEnabled(m_editable && chosen && retryable);
    m_retryAll->setEnabled(m_editable && retryable && m_failures.total() > 0 && m_job.isEmpty());
    m_discardQuarantined->setEnabled(m_editable && m_quarantineTable->selectionModel()->hasSelection());
}

QJsonObject FailuresView::query() const
{
    QJsonObject query{{protocol::deliveryquery::State, m_state->currentData().toString()},
                      {protocol::page::Limit, kPage}};
    if (!m_subscription->currentData().toString().isEmpty())
        query.insert(protocol::deliveryquery::Subscription, m_subscription->currentData().toString());
    return query;
}

void FailuresView::setQuery(const QString &subscription, const QString &state)
{
    m_subscription->setCurrentIndex(std::max(0, m_subscription->findData(subscription)));
    m_state->setCurrentIndex(std::max(0, m_state->findData(state)));
    updateEmptyText();
    refresh();
}

void FailuresView::refresh()
{
    m_session.loadFailures(query());
    QPointer<FailuresView> self(this);
    m_session.loadQuarantine(0, kPage, [self](const QJsonObject &page, const QString &error) {
        if (!self)
            return;
        if (error.isEmpty())
            self->m_quarantine.setPage(page);
        else
            Q_EMIT self->message(error);
    });
}

void FailuresView::selectAll()
{
    m_table->selectAll();
}

void FailuresView::retrySelected()
{
    changeSelected(true);
}

void FailuresView::discardSelected()
{
    changeSelected(false);
}

void FailuresView::changeSelected(bool retry)
{
    const QStringList ids = m_failures.idsOf(m_table->selectionModel()->selectedRows());
    if (ids.isEmpty())
        return;
    QPointer<FailuresView> self(this);
    m_session.changeDeliveries(retry, ids, [self, ids, retry](const QJsonObject &result, const QString &error) {
        if (!self)
            return;
        if (!error.isEmpty()) {
            Q_EMIT self->message(retry ? tr("Nothing was retried: %1").arg(error)
                                       : tr("Nothing was discarded: %1").arg(error));
            return;
        }
        self->m_failures.setStatus(ids, retry ? DeliveryStatus{DeliveryPhase::Waiting, reason::Due, {}}
                                              : DeliveryStatus{DeliveryPhase::Discarded, reason::Discarded, {}});
        Q_EMIT self->message(
            retry ? tr("%n delivery(s) will be retried now.", nullptr,
                       result.value(protocol::deliveryquery::Retried).toInt())
                  : tr("%n delivery(s) discarded.", nullptr, result.value(protocol::deliveryquery::Discarded).toInt()));
    });
}

void FailuresView::updateEmptyText()
{
    const QString state = m_state->currentData().toString();
    if (state == protocol::deliveryquery::Attention)
        m_empty->setText(tr("Nothing needs attention: no dead letters, and nothing is held back."));
    else if (state == protocol::deliveryquery::Held)
        m_empty->setText(tr("Nothing is held back: every endpoint takes deliveries."));
    else if (state == protocol::deliveryquery::Waiting)
        m_empty->setText(tr("Nothing is waiting."));
    else if (state == protocol::deliveryquery::Dead)
        m_empty->setText(tr("No dead letters."));
    else
        m_empty->setText(tr("Nothing was discarded."));
}

void FailuresView::rememberSelection()
{
    m_keep = m_failures.idsOf(m_table->selectionModel()->selectedRows());
    m_keepCurrent = m_table->currentIndex().data(FailuresModel::DeliveryIdRole).toString();
    m_keepScroll = m_table->verticalScrollBar()->value();
}

void FailuresView::restoreSelection()
{
    QItemSelection kept;
    for (int row = 0; row < m_failures.rowCount(); ++row) {
        const QModelIndex index = m_failures.index(row, 0);
        const QString id = index.data(FailuresModel::DeliveryIdRole).toString();
        if (m_keep.contains(id))
            kept.select(index, index.siblingAtColumn(FailuresModel::ColumnCount - 1));
        if (id == m_keepCurrent)
            m_table->selectionModel()->setCurrentIndex(index, QItemSelectionModel::NoUpdate);
    }
    m_table->selectionModel()->select(kept, QItemSelectionModel::ClearAndSelect);
    m_table->verticalScrollBar()->setValue(m_keepScroll);
    if (kept.isEmpty())
        m_detail->clear(); // what it showed is no longer listed
    else
        showDelivery(); // its attempts and reason as they are now
    m_total->setText(tr("%n matching", nullptr, int(m_failures.total())) +
                     (m_failures.total() > m_failures.rowCount()
                          ? tr(" (the first %1 shown)").arg(QLocale().toString(m_failures.rowCount()))
                          : QString()));
    updateActions();
}

// The count asked about is fresh, and the agent retries at most that many (the oldest first), so
// what is confirmed is what happens; deliveries that match later are told apart.
void FailuresView::confirmRetryAll()
{
    QJsonObject count = query();
    count.insert(protocol::page::Limit, 1);
    QPointer<FailuresView> self(this);
    m_session.countDeliveries(count, [self](const QJsonObject &page, const QString &error) {
        if (!self)
            return;
        const qint64 total = page.value(protocol::page::Total).toInteger();
        if (!error.isEmpty() || total == 0) {
            Q_EMIT self->message(error.isEmpty() ? tr("Nothing matches now; nothing was retried.") : error);
            return;
        }
        if (QMessageBox::question(
                self, tr("Retry all?"),
                tr("Retry all %1 deliveries that match the choices above?").arg(QLocale().toString(total))) ==
            QMessageBox::Yes)
            self->retryAll(total);
    });
}

void FailuresView::retryAll(qint64 confirmed)
{
    QJsonObject filters = query();
    filters.remove(protocol::page::Limit);
    filters.insert(protocol::deliveryquery::Max, confirmed);
    m_progress->setRange(0, 0);
    m_progressAction->setVisible(true);
    m_job = u"starting"_s;
    updateActions();
    QPointer<FailuresView> self(this);
    m_session.retryAll(filters, [self](const QJsonObject &job, const QString &error) {
        if (!self)
            return;
        if (!error.isEmpty()) {
            self->endJob();
            Q_EMIT self->message(tr("Nothing was retried: %1").arg(error));
            return;
        }
        self->jobProgress(job);
    });
}

void FailuresView::jobProgress(const QJsonObject &job)
{
    const JobProgress progress = JobProgress::fromJson(job);
    if (m_job.isEmpty() || progress.kind != protocol::job::RetryAll)
        return; // another console's job, one already finished, or a replay
    m_job = progress.id;
    const int total = int(progress.total);
    m_progress->setRange(0, std::max(total, 1));
    m_progress->setValue(int(progress.done));
    m_progress->setFormat(tr("%v of %m retried"));
    if (progress.ongoing())
        return;
    endJob();
    const qint64 later = progress.matched - progress.total;
    QString said = progress.state == protocol::job::Finished
                       ? tr("%n delivery(s) will be retried now.", nullptr, int(progress.retried))
                       : tr("Retrying stopped: %1").arg(progress.error);
    if (later > 0)
        said += u' ' + tr("%n more matched after you confirmed; they were left as they are.", nullptr, int(later));
    Q_EMIT message(said);
    refresh();
}

void FailuresView::endJob()
{
    m_job.clear();
    m_progressAction->setVisible(false);
    updateActions();
}

void FailuresView::discardQuarantined()
{
    QList<qint64> ids;
    const QModelIndexList rows = m_quarantineTable->selectionModel()->selectedRows();
    for (const QModelIndex &row : rows)
        ids.append(row.data(QuarantineModel::MessageIdRole).toLongLong());
    if (ids.isEmpty())
        return;
    QPointer<FailuresView> self(this);
    m_session.discardQuarantined(ids, [self, ids](const QJsonObject &, const QString &error) {
        if (!self)
            return;
        if (error.isEmpty())
            self->m_quarantine.remove(ids);
        Q_EMIT self->message(error.isEmpty() ? tr("%n message(s) discarded.", nullptr, int(ids.size())) : error);
    });
}

QString FailuresView::detail() const
{
    return m_detail->toPlainText();
}

// The current row when it is selected, else the first selected one.
static QModelIndex chosenRow(const QTableView *table)
{
    const QModelIndexList rows = table->selectionModel()->selectedRows();
    if (table->selectionModel()->isRowSelected(table->currentIndex().row(), {}))
        return table->currentIndex().siblingAtColumn(0);
    return rows.isEmpty() ? QModelIndex() : rows.first();
}

void FailuresView::showDelivery()
{
    const QString id = chosenRow(m_table).data(FailuresModel::DeliveryIdRole).toString();
    if (id.isEmpty())
        return;
    QPointer<FailuresView> self(this);
    m_session.getDelivery(id, [self, id](const QJsonObject &delivery, const QString &error) {
        if (!self || chosenRow(self->m_table).data(FailuresModel::DeliveryIdRole).toString() != id)
            return;
        if (!error.isEmpty()) {
            self->m_detail->setPlainText(error);
            return;
        }
        const DeliveryItem d = DeliveryItem::fromJson(delivery);
        QString text = tr("Delivery %1 to %2\n").arg(id, d.subscription);
        text += tr("State: %1 — %2\n").arg(phaseLabel(d.status.phase), statusText(d.status));
        text += u"\n"_s + tr("Attempts: %1").arg(d.attempts) + u"\n"_s;
        for (const DeliveryAttempt &attempt : d.history) {
            text += u"  %1  %2  %3 ms  %4\n"_s.arg(
                localTime(CloudEvent::rfc3339(attempt.at)),
                attempt.httpStatus > 0 ? u"HTTP %1"_s.arg(attempt.httpStatus) : attempt.error,
                QLocale().toString(attempt.durationMs), attempt.responseExcerpt.left(300).simplified());
        }
        text += u"\n"_s + tr("Event:") + u"\n"_s + prettyJson(d.event);
        self->m_detail->setPlainText(text);
    });
}

void FailuresView::showQuarantined()
{
    const QModelIndex row = chosenRow(m_quarantineTable);
    if (!row.isValid())
        return;
    const qint64 id = row.data(QuarantineModel::MessageIdRole).toLongLong();
    QPointer<FailuresView> self(this);
    m_session.getQuarantined(id, [self](const QJsonObject &message, const QString &error) {
        if (!self)
            return;
        if (!error.isEmpty()) {
            self->m_quarantineDetail->setPlainText(error);
            return;
        }
        const QuarantinedMessage shown = QuarantinedMessage::fromJson(message);
        self->m_quarantineDetail->setPlainText(tr("Why: %1\n").arg(quarantineText(shown)) + u"\n"_s +
                                               describeKafkaRecord(shown.record));
    });
}

} // namespace sluice::console
