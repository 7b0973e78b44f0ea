#include "subscriptioneditor.h"

#include "duration.h"
#include "subscription.h"

#include "agentsession.h"
#include "filterconditions.h"
#include "protocol.h"
#include "registermodel.h"
#include "ruleseditors.h"
#include "typetree.h"
#include "viewsupport.h"

#include <QAbstractItemView>
#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QEvent>
#include <QFormLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPointer>
#include <QPushButton>
#include <QSpinBox>
#include <QTabWidget>
#include <QTableWidget>
#include <QTimeZone>
#include <QVBoxLayout>

using namespace Qt::Literals::StringLiterals;

namespace sluice::console {

namespace {

// Every IANA time zone this computer knows, to choose from or type; empty: the agent's own.
QComboBox *timeZoneBox(QWidget *parent)
{
    auto *box = new QComboBox(parent);
    box->setEditable(true);
    box->setInsertPolicy(QComboBox::NoInsert);
    box->addItem(QString());
    for (const QByteArray &id : QTimeZone::availableTimeZoneIds())
        box->addItem(QString::fromLatin1(id));
    return box;
}

QStringList splitList(const QString &text)
{
    QStringList items;
    for (const QString &item : text.split(QRegularExpression(u"[,\\s]+"_s), Qt::SkipEmptyParts))
        items.append(item.trimmed());
    return items;
}

// A JSON text field: empty is "none"; otherwise it must parse to the wanted kind.
std::optional<QJsonValue> parseJson(const QPlainTextEdit *edit, bool wantArray, QString *error, const QString &field)
{
    const QByteArray text = edit->toPlainText().trimmed().toUtf8();
    if (text.isEmpty())
        return QJsonValue(QJsonValue::Undefined);
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(text, &parseError);
    if (parseError.error != QJsonParseError::NoError || (wantArray ? !doc.isArray() : !doc.isObject())) {
        *error = SubscriptionEditor::tr("%1: %2 expected (%3)")
                     .arg(field,
                          wantArray ? SubscriptionEditor::tr("a JSON array") : SubscriptionEditor::tr("a JSON object"),
                          parseError.error != QJsonParseError::NoError ? parseError.errorString()
                                                                       : SubscriptionEditor::tr("another kind"));
        return std::nullopt;
    }
    return wantArray ? QJsonValue(doc.array()) : QJsonValue(doc.object());
}

QPlainTextEdit *jsonEdit(QWidget *parent)
{
    QPlainTextEdit *edit = codePane(parent);
    edit->setReadOnly(false);
    return edit;
}

} // namespace

SubscriptionEditor::SubscriptionEditor(AgentSession &session, const RegisterModel &types, QWidget *parent)
    : QDialog(parent)
    , m_session(session)
    , m_tabs(new QTabWidget(this))
    , m_name(new QLineEdit(this))
    , m_endpoint(new QLineEdit(this))
    , m_enabled(new QCheckBox(this))
    , m_mode(new QComboBox(this))
    , m_batchSize(new QSpinBox(this))
    , m_priority(new QComboBox(this))
    , m_concurrency(new QSpinBox(this))
    , m_ordered(new QCheckBox(this))
    , m_handshake(new QCheckBox(this))
    , m_initialEvents(new QCheckBox(this))
    , m_typeTree(new TypeTree(types, this))
    , m_extraTypes(new QLineEdit(this))
    , m_conditions(new FilterConditions(this))
    , m_filter(jsonEdit(this))
    , m_priorityRules(new PriorityRulesEditor(this))
    , m_headers(new QTableWidget(0, 2, this))
    , m_auth(new QComboBox(this))
    , m_authUser(new QLineEdit(this))
    , m_authSecret(new QLineEdit(this))
    , m_caCertificates(new QLineEdit(this))
    , m_clientCertificate(new QLineEdit(this))
    , m_clientKey(new QLineEdit(this))
    , m_retrySchedule(new QLineEdit(this))
    , m_rateLimit(new QSpinBox(this))
    , m_windows(new WindowsEditor(this))
    , m_timeZone(timeZoneBox(this))
    , m_coalesce(new QLineEdit(this))
    , m_dryRunResult(codePane(this))
    , m_problem(new QLabel(this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel, this))
{
    setObjectName(u"subscriptionEditor"_s);
    m_name->setObjectName(u"subscriptionName"_s);
    m_endpoint->setObjectName(u"subscriptionEndpoint"_s);
    m_typeTree->setObjectName(u"subscriptionTypes"_s);
    m_extraTypes->setObjectName(u"subscriptionExtraTypes"_s);
    m_filter->setObjectName(u"subscriptionFilter"_s);
    m_headers->setObjectName(u"subscriptionHeaders"_s);
    m_dryRunResult->setObjectName(u"dryRunResult"_s);
    m_authSecret->setObjectName(u"authSecret"_s);
    m_timeZone->setObjectName(u"timeZone"_s);
    m_enabled->setChecked(true);
    m_handshake->setChecked(true);
    for (const QString &mode : {deliveryModeName(DeliveryMode::Structured), deliveryModeName(DeliveryMode::Binary),
                                deliveryModeName(DeliveryMode::Batch)})
        m_mode->addItem(mode, mode);
    for (const QString &priority : {priorityName(Priority::Low), priorityName(Priority::Normal),
                                    priorityName(Priority::High), priorityName(Priority::Immediate)})
        m_priority->addItem(QString(), priority);
    m_priority->setCurrentIndex(1);
    m_batchSize->setRange(1, 1000);
    m_batchSize->setValue(100);
    m_concurrency->setRange(0, 256);
    m_rateLimit->setRange(0, 100000);
    m_authSecret->setEchoMode(QLineEdit::Password);
    m_auth->addItem(QString(), authKindName(EndpointAuth::Kind::None));
    m_auth->addItem(u"Basic"_s, authKindName(EndpointAuth::Kind::Basic));
    m_auth->addItem(u"Bearer"_s, authKindName(EndpointAuth::Kind::Bearer));
    m_headers->horizontalHeader()->setStretchLastSection(true);
    m_problem->setWordWrap(true);
    m_problem->setStyleSheet(u"color: #b00020"_s);

    auto form = [this](QWidget *tab, const QList<QWidget *> &fields) {
        auto *layout = new QFormLayout(tab);
        for (QWidget *field : fields)
            layout->addRow(u" "_s, field);
        return layout;
    };
    auto *general = new QWidget(this);
    form(general, {m_name, m_endpoint, m_enabled, m_mode, m_batchSize, m_priority, m_concurrency, m_ordered,
                   m_handshake, m_initialEvents});
    auto *typesTab = new QWidget(this);
    auto *typesLayout = new QVBoxLayout(typesTab);
    typesLayout->addWidget(m_typeTree, 1);
    auto *extra = new QWidget(typesTab);
    form(extra, {m_extraTypes})->setContentsMargins(0, 0, 0, 0);
    typesLayout->addWidget(extra);
    auto *filterTab = new QWidget(this);
    form(filterTab, {m_conditions, m_filter, m_priorityRules});
    // Conditions write the filter; a filter written by hand stays as it is until they change.
    connect(m_conditions, &FilterConditions::changed, this, [this] {
        QString error;
        const QJsonObject filter = m_conditions->filter(&error);
        if (!m_loading && error.isEmpty())
            m_filter->setPlainText(filter.isEmpty() ? QString() : prettyJson(filter));
    });
    auto *headersTab = new QWidget(this);
    auto *addHeader = new QPushButton(headersTab);
    addHeader->setObjectName(u"addHeader"_s);
    auto *removeHeader = new QPushButton(headersTab);
    form(headersTab, {m_headers, addHeader, removeHeader, m_auth, m_authUser, m_authSecret, m_caCertificates,
                      m_clientCertificate, m_clientKey});
    auto *deliveryTab = new QWidget(this);
    form(deliveryTab, {m_retrySchedule, m_rateLimit, m_windows, m_timeZone, m_coalesce});
    m_tabs->addTab(general, QString());
    m_tabs->addTab(typesTab, QString());
    m_tabs->addTab(filterTab, QString());
    m_tabs->addTab(headersTab, QString());
    m_tabs->addTab(deliveryTab, QString());
    m_tabs->addTab(m_dryRunResult, QString());

    auto *dryRunButton = m_buttons->addButton(QString(), QDialogButtonBox::ActionRole);
    dryRunButton->setObjectName(u"dryRunButton"_s);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_tabs, 1);
    layout->addWidget(m_problem);
    layout->addWidget(m_buttons);

    connect(addHeader, &QPushButton::clicked, this, [this] {
        m_headers->insertRow(m_headers->rowCount());
        m_headers->setCurrentCell(m_headers->rowCount() - 1, 0);
    });
    connect(removeHeader, &QPushButton::clicked, this, [this] {
        if (m_headers->currentRow() >= 0)
            m_headers->removeRow(m_headers->currentRow());
    });
    connect(m_auth, &QComboBox::currentIndexChanged, this, [this] {
        const QString kind = m_auth->currentData().toString();
        m_authUser->setEnabled(kind == u"basic"_s);
        m_authSecret->setEnabled(!kind.isEmpty());
    });
    Q_EMIT m_auth->currentIndexChanged(0);
    connect(m_mode, &QComboBox::currentIndexChanged, this,
            [this] { m_batchSize->setEnabled(m_mode->currentData() == deliveryModeName(DeliveryMode::Batch)); });
    m_batchSize->setEnabled(false);
    connect(dryRunButton, &QPushButton::clicked, this, &SubscriptionEditor::dryRun);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &SubscriptionEditor::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    retranslate();
    resize(720, 560);
}

void SubscriptionEditor::retranslate()
{
    setWindowTitle(!m_original ? tr("New subscription") : tr("Subscription %1").arg(m_name->text()));
    const QStringList tabs{tr("&General"),         tr("Event &types"), tr("&Filter"),
                           tr("&Headers && auth"), tr("&Delivery"),    tr("Dry-run re&sult")};
    for (int i = 0; i < tabs.size(); ++i)
        m_tabs->setTabText(i, tabs.at(i));
    setFieldLabel(m_name, tr("Name"));
    m_name->setToolTip(tr("Unique; part of every delivery id. It cannot change later."));
    setFieldLabel(m_endpoint, tr("Endpoint"));
    m_endpoint->setPlaceholderText(u"https://consumer.example/hooks/sluice"_s);
    setFieldLabel(m_enabled, QString());
    m_enabled->setText(tr("Enabled"));
    setFieldLabel(m_mode, tr("Delivery mode"));
    const QStringList modes{tr("structured: the CloudEvent as JSON"),
                            tr("binary: the data as body, attributes in ce- headers"),
                            tr("batch: several events per request")};
    for (int i = 0; i < modes.size(); ++i)
        m_mode->setItemText(i, modes.at(i));
    m_mode->setToolTip(tr("How each event is sent: the content modes of the CloudEvents HTTP binding"));
    setFieldLabel(m_batchSize, tr("Batch size"));
    m_batchSize->setSuffix(tr(" events per request"));
    setFieldLabel(m_priority, tr("Priority"));
    const QStringList priorities{tr("low"), tr("normal"), tr("high"), tr("immediate")};
    for (int i = 0; i < priorities.size(); ++i)
        m_priority->setItemText(i, priorities.at(i));
    setFieldLabel(m_concurrency, tr("Concurrency"));
    m_concurrency->setSpecialValueText(tr("as configured"));
    m_concurrency->setSuffix(tr(" requests at once"));
    setFieldLabel(m_ordered, QString());
    m_ordered->setText(tr("In order per subject"));
    setFieldLabel(m_handshake, QString());
    m_handshake->setText(tr("Run the CloudEvents validation handshake first"));
    setFieldLabel(m_initialEvents, QString());
    m_initialEvents->setText(tr("Start with the newest known event of every type and subject"));
    m_typeTree->setToolTip(tr("A checked type is selected exactly; a checked namespace selects everything "
                              "under it (a wildcard). Types that are not exposed cannot be chosen."));
    setFieldLabel(m_extraTypes, tr("More patterns"));
    m_extraTypes->setPlaceholderText(tr("for example be.digipolis.wcm.v4.search.* or *"));
    setFieldLabel(m_conditions, tr("Conditions"));
    setFieldLabel(m_filter, tr("Filter"));
    m_filter->setPlaceholderText(u"{\"data\": {\"path\": \"/status/new\", \"equals\": \"published\"}}"_s);
    m_filter->setToolTip(tr("The CloudEvents filter dialects exact, prefix, suffix, all, any, not, and data "
                            "(see docs/configuration.md)"));
    setFieldLabel(m_priorityRules, tr("Priority rules"));
    setFieldLabel(m_headers, tr("Headers"));
    m_headers->setHorizontalHeaderLabels({tr("Header"), tr("Value")});
    m_headers->setToolTip(tr("Extra HTTP headers, such as an API key. Stored values show as *** and are kept "
                             "unless you type a new one."));
    const QList<QPushButton *> buttons = findChildren<QPushButton *>();
    for (QPushButton *button : buttons) {
        if (button->objectName() == u"addHeader"_s)
            button->setText(tr("Add header"));
        else if (button->objectName() == u"dryRunButton"_s) {
            button->setText(tr("Dr&y-run"));
            button->setToolTip(tr("Which of the recent events would this definition select?"));
        } else if (button->objectName().isEmpty() && button->parentWidget() == m_headers->parentWidget())
            button->setText(tr("Remove header"));
    }
    setFieldLabel(m_auth, tr("Authentication"));
    m_auth->setItemText(0, tr("none"));
    setFieldLabel(m_authUser, tr("User name"));
    setFieldLabel(m_authSecret, tr("Password or token"));
    setFieldLabel(m_caCertificates, tr("Trusted CAs"));
    setFieldLabel(m_clientCertificate, tr("Client certificate"));
    setFieldLabel(m_clientKey, tr("Client key"));
    m_caCertificates->setPlaceholderText(tr("a PEM file on the agent's machine, for example /etc/sluice/tls/ca.pem"));
    m_clientCertificate->setPlaceholderText(
        tr("a PEM file on the agent's machine, for example /etc/sluice/tls/client.pem"));
    m_clientKey->setPlaceholderText(
        tr("a PEM file on the agent's machine, for example /etc/sluice/tls/client-key.pem"));
    m_caCertificates->setToolTip(tr("The certificate authorities to trust for this endpoint instead of the system's"));
    m_clientCertificate->setToolTip(tr("For mutual TLS: the certificate the agent presents to this endpoint"));
    m_authSecret->setPlaceholderText(!m_original ? QString() : tr("kept unless you type a new one"));
    setFieldLabel(m_retrySchedule, tr("Retry schedule"));
    m_retrySchedule->setPlaceholderText(tr("as configured, for example 0, 10s, 1m, 10m, 1h"));
    setFieldLabel(m_rateLimit, tr("Rate limit"));
    m_rateLimit->setSpecialValueText(tr("none"));
    m_rateLimit->setSuffix(tr(" events/s"));
    setFieldLabel(m_windows, tr("Delivery windows"));
    setFieldLabel(m_timeZone, tr("Time zone"));
    m_timeZone->lineEdit()->setPlaceholderText(tr("the agent's time zone"));
    setFieldLabel(m_coalesce, tr("Coalesce by"));
    m_coalesce->setPlaceholderText(tr("attributes, for example type, subject"));
    m_coalesce->setToolTip(tr("A newer event with the same values replaces one still waiting"));
    m_dryRunResult->setPlaceholderText(tr("Dry-run shows here which recent events would be selected."));
}

void SubscriptionEditor::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QDialog::changeEvent(event);
}

void SubscriptionEditor::setTypes(const QStringList &patterns)
{
    m_extraTypes->setText(m_typeTree->setPatterns(patterns).join(u", "_s));
}

QStringList SubscriptionEditor::types() const
{
    QStringList patterns = m_typeTree->patterns();
    for (const QString &extra : splitList(m_extraTypes->text())) {
        if (!patterns.contains(extra))
            patterns.append(extra);
    }
    return patterns;
}

void SubscriptionEditor::setSubscription(const Subscription &sub)
{
    m_original = sub;
    m_name->setText(sub.name);
    m_name->setReadOnly(true);
    m_endpoint->setText(sub.polled() ? QString() : sub.endpoint.toString());
    m_endpoint->setEnabled(!sub.polled()); // its consumer fetches the events
    m_enabled->setChecked(sub.enabled);
    m_mode->setCurrentIndex(std::max(0, m_mode->findData(deliveryModeName(sub.mode))));
    m_batchSize->setValue(sub.batchSize);
    m_priority->setCurrentIndex(std::max(0, m_priority->findData(priorityName(sub.priority))));
    m_concurrency->setValue(sub.concurrency);
    m_ordered->setChecked(sub.ordered);
    m_handshake->setChecked(sub.handshake);
    m_initialEvents->setChecked(sub.initialEvents);
    setTypes(sub.types.patterns());
    m_filter->setPlainText(sub.filter.isEmpty() ? QString() : prettyJson(sub.filter.toJson()));
    m_loading = true;
    m_conditions->setFilter(sub.filter.toJson().toObject()); // none when it is more than conditions
    m_loading = false;
    m_priorityRules->setRules(sub.priorityRules);
    m_headers->setRowCount(0);
    for (const auto &[name, value] : sub.headers) {
        const int row = m_headers->rowCount();
        m_headers->insertRow(row);
        m_headers->setItem(row, 0, new QTableWidgetItem(QString::fromUtf8(name)));
        m_headers->setItem(row, 1, new QTableWidgetItem(QString::fromUtf8(value)));
    }
    m_auth->setCurrentIndex(std::max(0, m_auth->findData(authKindName(sub.auth.kind))));
    m_authUser->setText(sub.auth.username);
    m_caCertificates->setText(sub.tls.caCertificates);
    m_clientCertificate->setText(sub.tls.clientCertificate);
    m_clientKey->setText(sub.tls.clientKey);
    QStringList schedule;
    for (const auto step : sub.retrySchedule.value_or(QList<std::chrono::milliseconds>()))
        schedule.append(formatDuration(step));
    m_retrySchedule->setText(schedule.join(u", "_s));
    m_rateLimit->setValue(int(sub.rateLimit));
    m_windows->setWindows(sub.schedule.windows());
    m_timeZone->setCurrentText(sub.schedule.zoneGiven() ? QString::fromLatin1(sub.schedule.timeZone().id())
                                                        : QString());
    m_coalesce->setText(sub.coalesceOn.join(u", "_s));
    retranslate();
}

std::optional<Subscription> SubscriptionEditor::subscription(QString *error) const
{
    error->clear();
    // What the form does not show (owner, source, outgoing shape, …) stays as it was.
    Subscription sub = m_original.value_or(Subscription());
    sub.name = m_name->text().trimmed();
    if (!sub.polled())
        sub.endpoint = QUrl(m_endpoint->text().trimmed());
    sub.enabled = m_enabled->isChecked();
    sub.mode = deliveryModeFromName(m_mode->currentData().toString()).value_or(DeliveryMode::Structured);
    sub.batchSize = m_batchSize->value();
    sub.priority = priorityFromName(m_priority->currentData().toString()).value_or(Priority::Normal);
    sub.concurrency = m_concurrency->value();
    sub.ordered = m_ordered->isChecked();
    sub.handshake = m_handshake->isChecked();
    sub.initialEvents = m_initialEvents->isChecked();
    if (sub.name.isEmpty())
        *error = tr("Name: give the subscription a name");
    else if (!sub.polled() && m_endpoint->text().trimmed().isEmpty())
        *error = tr("Endpoint: where should the events go?");
    else if (types().isEmpty())
        *error = tr("Event types: choose at least one type or pattern");
    if (!error->isEmpty() || !readFilters(sub, error) || !readOrderOfWork(sub, error))
        return std::nullopt;
    readTrust(sub);
    // Whatever else the agent would refuse, refused here with its words (TLS files are the agent's).
    QString why;
    if (!Subscription::fromJson(sub.toStorageJson(), &why, Subscription::Reading::Shown)) {
        *error = tr("The agent would not take it: %1").arg(why);
        return std::nullopt;
    }
    return sub;
}

bool SubscriptionEditor::readFilters(Subscription &sub, QString *error) const
{
    QString why;
    const auto types = TypeSelector::parse(this->types(), &why);
    if (!types) {
        *error = tr("Event types: %1").arg(why);
        return false;
    }
    sub.types = *types;
    // An incomplete condition is refused with its reason, not saved as a filter that matches nothing.
    m_conditions->filter(error);
    if (!error->isEmpty())
        return false;
    const auto filter = parseJson(m_filter, false, error, tr("Filter"));
    if (!filter)
        return false;
    const auto parsed = filter->isUndefined() ? EventFilter() : EventFilter::parse(*filter, &why);
    if (!parsed) {
        *error = tr("Filter: %1").arg(why);
        return false;
    }
    sub.filter = *parsed;
    sub.priorityRules = m_priorityRules->rules(error);
    return error->isEmpty();
}

void SubscriptionEditor::readTrust(Subscription &sub) const
{
    sub.headers.clear();
    for (int row = 0; row < m_headers->rowCount(); ++row) {
        const QString name = m_headers->item(row, 0) ? m_headers->item(row, 0)->text().trimmed() : QString();
        const QString value = m_headers->item(row, 1) ? m_headers->item(row, 1)->text() : QString();
        if (!name.isEmpty())
            sub.headers.append({name.toUtf8(), value.toUtf8()});
    }
    const QString kind = m_auth->currentData().toString();
    EndpointAuth auth;
    auth.kind = kind == authKindName(EndpointAuth::Kind::Basic)    ? EndpointAuth::Kind::Basic
                : kind == authKindName(EndpointAuth::Kind::Bearer) ? EndpointAuth::Kind::Bearer
                                                                   : EndpointAuth::Kind::None;
    // A secret left empty: the one held (the agent keeps its stored one when none is sent).
    const bool sameKind = auth.kind == sub.auth.kind;
    if (auth.kind == EndpointAuth::Kind::Basic) {
        auth.username = m_authUser->text();
        auth.password = m_authSecret->text().isEmpty() && sameKind ? sub.auth.password : m_authSecret->text();
    } else if (auth.kind == EndpointAuth::Kind::Bearer) {
        auth.token = m_authSecret->text().isEmpty() && sameKind ? sub.auth.token : m_authSecret->text();
    }
    sub.auth = auth;
    sub.tls = {m_clientCertificate->text().trimmed(), m_clientKey->text().trimmed(),
               m_caCertificates->text().trimmed()};
}

bool SubscriptionEditor::readOrderOfWork(Subscription &sub, QString *error) const
{
    const QStringList steps = splitList(m_retrySchedule->text());
    sub.retrySchedule.reset();
    if (!steps.isEmpty()) {
        QString why;
        sub.retrySchedule = Subscription::parseRetrySchedule(QJsonArray::fromStringList(steps), &why);
        if (!sub.retrySchedule) {
            *error = tr("Retry schedule: %1").arg(why);
            return false;
        }
    }
    sub.rateLimit = m_rateLimit->value();
    const QList<DeliveryWindow> windows = m_windows->windows(error);
    if (!error->isEmpty())
        return false;
    const QString zoneName = m_timeZone->currentText().trimmed();
    const QTimeZone zone(zoneName.toLatin1());
    if (!zoneName.isEmpty() && !zone.isValid()) {
        *error = tr("Time zone: %1 is not a time zone; choose one from the list, or leave it empty for the "
                    "agent's")
                     .arg(zoneName);
        return false;
    }
    sub.schedule = DeliverySchedule(windows, zoneName.isEmpty() ? QTimeZone() : zone);
    sub.coalesceOn = splitList(m_coalesce->text());
    return true;
}

void SubscriptionEditor::dryRun()
{
    QString error;
    const auto filter = parseJson(m_filter, false, &error, tr("Filter"));
    m_tabs->setCurrentWidget(m_dryRunResult);
    if (!filter) {
        m_dryRunResult->setPlainText(error);
        return;
    }
    QJsonObject params{{protocol::trial::Types, QJsonArray::fromStringList(types())}, {protocol::trial::Count, 100}};
    if (!filter->isUndefined())
        params.insert(protocol::trial::Filter, *filter);
    m_dryRunResult->setPlainText(tr("Asking the agent…"));
    QPointer<SubscriptionEditor> self(this);
    m_session.dryRun(params, [self](const QJsonObject &result, const QString &failure) {
        if (!self)
            return;
        if (!failure.isEmpty()) {
            self->m_dryRunResult->setPlainText(failure);
            return;
        }
        self->m_dryRunResult->setPlainText(describeDryRun(result));
    });
}

void SubscriptionEditor::setReadOnly(ReadOnly why)
{
    const bool readOnly = why != ReadOnly::No;
    m_buttons->button(QDialogButtonBox::Save)->setVisible(!readOnly);
    if (!readOnly)
        return;
    // Everything shown as it is, nothing that looks changeable; Dry-run still tries it.
    for (int tab = 0; tab < m_tabs->count(); ++tab) {
        QWidget *page = m_tabs->widget(tab);
        if (page == m_dryRunResult)
            continue;
        for (QWidget *field : page->findChildren<QWidget *>()) {
            if (auto *line = qobject_cast<QLineEdit *>(field))
                line->setReadOnly(true);
            else if (auto *text = qobject_cast<QPlainTextEdit *>(field))
                text->setReadOnly(true);
            else if (qobject_cast<QAbstractButton *>(field) || qobject_cast<QComboBox *>(field) ||
                     qobject_cast<QAbstractSpinBox *>(field) || qobject_cast<QAbstractItemView *>(field))
                field->setEnabled(false);
        }
    }
    m_buttons->button(QDialogButtonBox::Cancel)->setText(tr("Close"));
    m_problem->setStyleSheet(QString());
    m_problem->setText(why == ReadOnly::FromFile
                           ? tr("From the agent's configuration file: shown here, changed in that file.")
                           : tr("Shown only: changing it needs an admin token."));
}

void SubscriptionEditor::accept()
{
    QString error;
    const std::optional<Subscription> sub = subscription(&error);
    if (!sub) {
        m_problem->setText(error);
        return;
    }
    m_problem->clear();
    if (!m_saver) {
        QDialog::accept();
        return;
    }
    m_saving = true;
    m_buttons->setEnabled(false);
    QPointer<SubscriptionEditor> self(this);
    m_saver(*sub, [self](const QString &refused) {
        if (!self)
            return;
        self->m_saving = false;
        self->m_buttons->setEnabled(true);
        if (refused.isEmpty())
            self->QDialog::accept();
        else
            self->m_problem->setText(tr("The agent did not take it: %1").arg(refused));
    });
}

void SubscriptionEditor::reject()
{
    if (!m_saving)
        QDialog::reject();
}

} // namespace sluice::console
