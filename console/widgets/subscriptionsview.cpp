#include "subscriptionsview.h"

#include "agentsession.h"
#include "healthpane.h"
#include "protocol.h"
#include "replaydialog.h"
#include "secretdialog.h"
#include "subscriptioneditor.h"
#include "subscriptionsmodel.h"
#include "subscriptionstatus.h"
#include "viewsupport.h"

#include <QAction>
#include <QEvent>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPointer>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QTableView>
#include <QToolBar>
#include <QVBoxLayout>

using namespace Qt::Literals::StringLiterals;

namespace sluice::console {

namespace {

// A JSON body indented; anything else as it is.
QString readableBody(const QString &body)
{
    const QJsonDocument json = QJsonDocument::fromJson(body.toUtf8());
    return json.isNull() ? body : QString::fromUtf8(json.toJson(QJsonDocument::Indented));
}

// The whole attempt of subscriptions.test, as an administrator reads it.
QString describeAttempt(const QJsonObject &attempt)
{
    const QJsonObject request = attempt.value(protocol::testattempt::Request).toObject();
    QString text =
        SubscriptionsView::tr("%1 in %2 ms\n\n")
            .arg(attempt.value(protocol::testattempt::Delivered).toBool() ? SubscriptionsView::tr("Delivered")
                                                                          : SubscriptionsView::tr("Not delivered"))
            .arg(attempt.value(protocol::testattempt::DurationMs).toInteger());
    text += u"%1 %2\n"_s.arg(request.value(protocol::testattempt::Method).toString(),
                             request.value(protocol::testattempt::Url).toString());
    for (const QJsonValue &header : request.value(protocol::testattempt::Headers).toArray())
        text += u"%1: %2\n"_s.arg(header.toArray().at(0).toString(), header.toArray().at(1).toString());
    text += u"\n"_s + readableBody(request.value(protocol::testattempt::Body).toString()) + u"\n\n"_s;
    if (attempt.contains(protocol::testattempt::Error))
        return text + SubscriptionsView::tr("Error: %1").arg(attempt.value(protocol::testattempt::Error).toString());
    const QJsonObject response = attempt.value(protocol::testattempt::Response).toObject();
    text += u"HTTP %1 %2\n"_s.arg(response.value(protocol::testattempt::Status).toInt())
                .arg(response.value(protocol::testattempt::Reason).toString());
    for (const QJsonValue &header : response.value(protocol::testattempt::Headers).toArray())
        text += u"%1: %2\n"_s.arg(header.toArray().at(0).toString(), header.toArray().at(1).toString());
    return text + u"\n"_s + readableBody(response.value(protocol::testattempt::Body).toString());
}

} // namespace

SubscriptionsView::SubscriptionsView(AgentSession &session, SubscriptionsModel &model, const RegisterModel &types,
                                     QWidget *parent)
    : QWidget(parent)
    , m_session(session)
    , m_model(model)
    , m_types(types)
    , m_proxy(new QSortFilterProxyModel(this))
    , m_toolbar(new QToolBar(this))
    , m_table(new QTableView(this))
    , m_output(codePane(this))
    , m_health(new HealthPane(session, this))
    , m_empty(emptyState(&model, this))
    , m_new(m_toolbar->addAction(QIcon::fromTheme(u"list-add"_s), QString(), this, &SubscriptionsView::create))
    , m_edit(m_toolbar->addAction(QIcon::fromTheme(u"document-edit"_s), QString(), this, &SubscriptionsView::edit))
    , m_delete(m_toolbar->addAction(QIcon::fromTheme(u"list-remove"_s), QString(), this, &SubscriptionsView::remove))
    , m_enable(m_toolbar->addAction(QString(), this, &SubscriptionsView::toggleEnabled))
    , m_test(m_toolbar->addAction(QIcon::fromTheme(u"mail-send"_s), QString(), this, &SubscriptionsView::test))
    , m_dryRun(m_toolbar->addAction(QString(), this, &SubscriptionsView::dryRun))
    , m_rotate(m_toolbar->addAction(QString(), this, &SubscriptionsView::rotateSecret))
    , m_replay(m_toolbar->addAction(QIcon::fromTheme(u"view-refresh"_s), QString(), this, &SubscriptionsView::replay))
{
    m_table->setObjectName(u"subscriptionsTable"_s);
    m_output->setObjectName(u"subscriptionOutput"_s);
    m_edit->setObjectName(u"editSubscription"_s);
    m_dryRun->setObjectName(u"dryRunSubscription"_s);
    m_toolbar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_new->setShortcut(QKeySequence::New);
    m_edit->setShortcut(Qt::Key_Return);
    m_edit->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    m_delete->setShortcut(QKeySequence::Delete);
    m_delete->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    m_test->setShortcut(Qt::CTRL | Qt::Key_T);
    m_dryRun->setShortcut(Qt::CTRL | Qt::Key_D);
    for (QAction *action : {m_new, m_edit, m_delete, m_enable, m_test, m_dryRun, m_rotate, m_replay})
        addAction(action);
    m_proxy->setSourceModel(&model);
    m_table->setModel(m_proxy);
    m_table->setSortingEnabled(true);
    // A to Z by name (a header's own default is descending, which put Z first under the arrow).
    m_table->sortByColumn(SubscriptionsModel::NameColumn, Qt::AscendingOrder);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->verticalHeader()->hide();
    m_table->setWordWrap(false);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setSectionResizeMode(SubscriptionsModel::EndpointColumn, QHeaderView::Stretch);
    rememberColumns(m_table->horizontalHeader(), u"subscriptions"_s);

    auto *splitter = new QSplitter(Qt::Vertical, this);
    splitter->setObjectName(u"subscriptionsSplitter"_s);
    splitter->addWidget(m_table);
    splitter->addWidget(m_health);
    splitter->addWidget(m_output);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 1);
    splitter->setStretchFactor(2, 2);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_toolbar);
    layout->addWidget(m_empty);
    layout->addWidget(splitter, 1);

    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this, [this] {
        if (selectedName() != m_outputFor)
            m_output->clear(); // a result belongs to the subscription it was asked for
        updateActions();
        updateHealth();
    });
    // A reload keeps the chosen subscription chosen.
    connect(&model, &QAbstractItemModel::modelAboutToBeReset, this, [this] { m_keep = selectedName(); });
    connect(&model, &QAbstractItemModel::modelReset, this, [this] {
        select(m_keep);
        updateActions();
        updateHealth();
    });
    connect(&model, &QAbstractItemModel::dataChanged, this, [this] {
        updateActions();
        updateHealth();
    });
    connect(m_table, &QTableView::doubleClicked, this, &SubscriptionsView::edit);
    retranslate();
    updateActions();
}

void SubscriptionsView::retranslate()
{
    m_new->setText(tr("&New…"));
    setShortcutToolTip(m_new, tr("Create a subscription (%1)"));
    m_edit->setText(tr("&Edit…"));
    m_delete->setText(tr("&Delete"));
    m_delete->setToolTip(tr("Delete the subscription; what still waits for it becomes dead letters"));
    m_test->setText(tr("&Test"));
    setShortcutToolTip(m_test, tr("Send one signed example event and show the whole attempt (%1)"));
    m_dryRun->setText(tr("D&ry-run"));
    setShortcutToolTip(m_dryRun, tr("Which of the recent events does this subscription select? (%1)"));
    m_rotate->setText(tr("&Rotate secret"));
    m_rotate->setToolTip(tr("A new signing secret; the old one keeps signing for the configured overlap"));
    m_replay->setText(tr("Re&play…"));
    m_replay->setToolTip(tr("Send events again from Kafka, after an outage or to a consumer who joins late"));
    m_empty->setText(tr("No subscriptions yet. Press New to send events to a consumer."));
    m_output->setPlaceholderText(tr("Test and dry-run results show here."));
    Q_EMIT m_model.headerDataChanged(Qt::Horizontal, 0, SubscriptionsModel::ColumnCount - 1);
    updateActions();
}

void SubscriptionsView::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWidget::changeEvent(event);
}

void SubscriptionsView::setEditable(bool editable)
{
    m_editable = editable;
    updateActions();
}

void SubscriptionsView::setConnected(bool connected)
{
    if (connected && !m_connected)
        m_output->clear(); // nothing said before the connection came back still holds
    m_connected = connected;
    m_health->setConnected(connected);
    updateActions();
    updateHealth();
}

QString SubscriptionsView::selectedName() const
{
    const QModelIndexList rows = m_table->selectionModel()->selectedRows();
    return rows.isEmpty() ? QString() : rows.first().data().toString();
}

void SubscriptionsView::select(const QString &name)
{
    const int row = m_model.rowOf(name);
    if (row >= 0)
        m_table->selectRow(m_proxy->mapFromSource(m_model.index(row, 0)).row());
}

void SubscriptionsView::updateActions()
{
    const int row = m_model.rowOf(selectedName());
    const auto sub = row >= 0
                         ? m_model.index(row, 0).data(SubscriptionsModel::SubscriptionRole).value<SubscriptionStatus>()
                         : SubscriptionStatus();
    const bool chosen = row >= 0;
    const bool fromApi = !sub.fromFile();
    const bool enabled = sub.enabled();
    m_new->setEnabled(m_editable);
    m_edit->setEnabled(chosen && m_connected);
    m_delete->setEnabled(m_editable && chosen && fromApi);
    m_enable->setEnabled(m_editable && chosen);
    m_enable->setText(chosen && enabled ? tr("Di&sable") : tr("En&able"));
    m_enable->setData(!(chosen && enabled)); // what pressing it does: true enables
    m_test->setEnabled(m_editable && chosen);
    m_dryRun->setEnabled(chosen && m_connected);
    m_rotate->setEnabled(m_editable && chosen);
    m_replay->setEnabled(m_editable && chosen);
    m_edit->setToolTip(chosen && !fromApi ? tr("Comes from the configuration file: shown, changed there")
                                          : tr("Change everything the subscription has"));
}

void SubscriptionsView::updateHealth()
{
    const int row = m_model.rowOf(selectedName());
    m_health->follow(selectedName(),
                     row >= 0 ? m_model.index(row, 0).data(SubscriptionsModel::HealthRole).value<SubscriptionHealth>()
                              : SubscriptionHealth());
}

void SubscriptionsView::showOutput(const QString &text)
{
    m_outputFor = selectedName();
    m_output->setPlainText(text);
}

QString SubscriptionsView::output() const
{
    return m_output->toPlainText();
}

void SubscriptionsView::reload()
{
    m_session.loadSubscriptions();
}

void SubscriptionsView::create()
{
    SubscriptionEditor editor(m_session, m_types, this);
    // Shared: the agent may answer after the editor was cancelled.
    auto created = std::make_shared<QJsonObject>();
    editor.setSaver([this, created](const Subscription &sub, std::function<void(const QString &)> done) {
        save(sub, true, [created, done](const QJsonObject &result, const QString &error) {
            *created = result;
            done(error);
        });
    });
    if (editor.exec() != QDialog::Accepted || !created->contains(protocol::subscriptionstatus::Secret))
        return;
    SecretDialog dialog(created->value(subscriptionkey::Name).toString(),
                        created->value(protocol::subscriptionstatus::Secret).toString(), this);
    dialog.exec();
}

void SubscriptionsView::edit()
{
    const int row = m_model.rowOf(selectedName());
    if (row < 0)
        return;
    const auto sub = m_model.index(row, 0).data(SubscriptionsModel::SubscriptionRole).value<SubscriptionStatus>();
    QString why;
    const auto shown = Subscription::fromJson(sub.definition, &why, Subscription::Reading::Shown);
    if (!shown) { // an agent newer than this console, with something it does not know
        QMessageBox::warning(this, tr("Edit subscription"), tr("This console cannot show %1: %2").arg(sub.name(), why));
        return;
    }
    SubscriptionEditor editor(m_session, m_types, this);
    editor.setSubscription(*shown);
    editor.setReadOnly(sub.fromFile() ? SubscriptionEditor::ReadOnly::FromFile
                       : !m_editable  ? SubscriptionEditor::ReadOnly::Viewer
                                      : SubscriptionEditor::ReadOnly::No);
    editor.setSaver([this](const Subscription &changed, std::function<void(const QString &)> done) {
        save(changed, false, [done](const QJsonObject &, const QString &error) { done(error); });
    });
    editor.exec();
}

// Sent with the credentials typed anew; those left empty the agent keeps.
void SubscriptionsView::save(const Subscription &subscription, bool create, AgentSession::Done done)
{
    const QString name = subscription.name;
    QPointer<SubscriptionsView> self(this);
    m_session.saveSubscription(subscription.toStorageJson(), create,
                               [self, name, create, done](const QJsonObject &result, const QString &error) {
                                   if (self && error.isEmpty()) {
                                       Q_EMIT self->message(create ? tr("%1 was created.").arg(name)
                                                                   : tr("%1 was saved.").arg(name));
                                       self->reload();
                                   }
                                   done(result, error);
                               });
}

void SubscriptionsView::remove()
{
    const QString name = selectedName();
    if (name.isEmpty() ||
        QMessageBox::question(
            this, tr("Delete %1?").arg(name),
            tr("Delete the subscription %1? Deliveries still waiting for it become dead letters.").arg(name)) !=
            QMessageBox::Yes)
        return;
    QPointer<SubscriptionsView> self(this);
    m_session.deleteSubscription(name, [self, name](const QJsonObject &, const QString &error) {
        if (!self)
            return;
        Q_EMIT self->message(error.isEmpty() ? tr("%1 was deleted.").arg(name) : error);
        self->reload();
    });
}

void SubscriptionsView::toggleEnabled()
{
    const QString name = selectedName();
    if (name.isEmpty())
        return;
    const bool enable = m_enable->data().toBool();
    QPointer<SubscriptionsView> self(this);
    m_session.setSubscriptionEnabled(name, enable, [self, name, enable](const QJsonObject &, const QString &error) {
        if (!self)
            return;
        Q_EMIT self->message(!error.isEmpty() ? error
                             : enable         ? tr("%1 was enabled.").arg(name)
                                              : tr("%1 was disabled.").arg(name));
        self->reload();
    });
}

void SubscriptionsView::test()
{
    const QString name = selectedName();
    if (name.isEmpty())
        return;
    showOutput(tr("Sending a test event to %1…").arg(name));
    QPointer<SubscriptionsView> self(this);
    m_session.testSubscription(name, [self](const QJsonObject &attempt, const QString &error) {
        if (self)
            self->showOutput(error.isEmpty() ? describeAttempt(attempt) : error);
    });
}

void SubscriptionsView::dryRun()
{
    const QString name = selectedName();
    if (name.isEmpty())
        return;
    QPointer<SubscriptionsView> self(this);
    m_session.dryRun({{subscriptionkey::Name, name}, {protocol::trial::Count, 100}},
                     [self](const QJsonObject &result, const QString &error) {
                         if (!self)
                             return;
                         if (!error.isEmpty()) {
                             self->showOutput(error);
                             return;
                         }
                         self->showOutput(describeDryRun(result));
                     });
}

void SubscriptionsView::rotateSecret()
{
    const QString name = selectedName();
    if (name.isEmpty() ||
        QMessageBox::question(this, tr("Rotate the secret of %1?").arg(name),
                              tr("A new signing secret is made; the old one keeps signing for the overlap the "
                                 "agent is configured with, so the consumer can switch.")) != QMessageBox::Yes)
        return;
    QPointer<SubscriptionsView> self(this);
    m_session.rotateSecret(name, [self, name](const QJsonObject &result, const QString &error) {
        if (!self)
            return;
        if (!error.isEmpty()) {
            Q_EMIT self->message(error);
            return;
        }
        SecretDialog dialog(name, result.value(protocol::subscriptionstatus::Secret).toString(), self);
        dialog.exec();
    });
}

void SubscriptionsView::replay()
{
    const QString name = selectedName();
    if (name.isEmpty())
        return;
    ReplayDialog dialog(m_session, name, this);
    dialog.exec();
}

} // namespace sluice::console
