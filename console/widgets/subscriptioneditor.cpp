#include "subscriptioneditor.h"

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

namespace key = subscriptionkey;

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
// A JSON array of strings as a list.
QStringList strings(const QJsonValue &array)
{
    QStringList list;
    for (const QJsonValue &value : array.toArray())
        list.append(value.toString());
    return list;
}

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
    m_auth->addItem(QString(), u""_s);
    m_auth->addItem(u"Basic"_s, u"basic"_s);
    m_auth->addItem(u"Bearer"_s, u"bearer"_s);
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
    setWindowTitle(m_original.isEmpty() ? tr("New subscription") : tr("Subscription %1").arg(m_name->text()));
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
    m_authSecret->setPlaceholderText(m_original.isEmpty() ? QString() : tr("kept unless you type a new one"));
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

void SubscriptionEditor::setSubscription(const QJsonObject &sub)
{
    m_original = sub;
    m_name->setText(sub.value(key::Name).toString());
    m_name->setReadOnly(true);
    m_endpoint->setText(sub.value(key::Endpoint).toString());
    m_endpoint->setEnabled(sub.value(key::Protocol) != u"poll"_s); // its consumer fetches the events
    m_enabled->setChecked(sub.value(key::Enabled).toBool(true));
    m_mode->setCurrentIndex(
        std::max(0, m_mode->findData(sub.value(key::Mode).toString(deliveryModeName(DeliveryMode::Structured)))));
    m_batchSize->setValue(sub.value(key::BatchSize).toInt(100));
    m_priority->setCurrentIndex(
        std::max(0, m_priority->findData(sub.value(key::Priority).toString(priorityName(Priority::Normal)))));
    m_concurrency->setValue(sub.value(key::Concurrency).toInt(0));
    m_ordered->setChecked(sub.value(key::Ordered).toBool());
    m_handshake->setChecked(sub.value(key::Handshake).toBool(true));
    m_initialEvents->setChecked(sub.value(key::InitialEvents).toBool());
    setTypes(strings(sub.value(key::Types)));
    m_filter->setPlainText(sub.contains(key::Filter) ? prettyJson(sub.value(key::Filter)) : QString());
    m_loading = true;
    m_conditions->setFilter(sub.value(key::Filter).toObject()); // none when it is more than conditions
    m_loading = false;
    m_priorityRules->setRules(sub.value(key::PriorityRules).toArray());
    const QJsonObject headers = sub.value(key::Headers).toObject();
    m_headers->setRowCount(0);
    for (auto it = headers.begin(); it != headers.end(); ++it) {
        const int row = m_headers->rowCount();
        m_headers->insertRow(row);
        m_headers->setItem(row, 0, new QTableWidgetItem(it.key()));
        m_headers->setItem(row, 1, new QTableWidgetItem(it.value().toString()));
    }
    const QJsonObject auth = sub.value(key::Auth).toObject();
    m_auth->setCurrentIndex(std::max(0, m_auth->findData(auth.value(key::AuthType).toString())));
    m_authUser->setText(auth.value(key::Username).toString());
    const QJsonObject tls = sub.value(key::Tls).toObject();
    m_caCertificates->setText(tls.value(key::CaCertificates).toString());
    m_clientCertificate->setText(tls.value(key::ClientCertificate).toString());
    m_clientKey->setText(tls.value(key::ClientKey).toString());
    m_retrySchedule->setText(strings(sub.value(key::RetrySchedule)).join(u", "_s));
    m_rateLimit->setValue(sub.value(key::RateLimit).toInt(0));
    m_windows->setWindows(sub.value(key::Windows).toArray());
    m_timeZone->setCurrentText(sub.value(key::TimeZone).toString());
    m_coalesce->setText(strings(sub.value(key::Coalesce)).join(u", "_s));
    retranslate();
}

QJsonObject SubscriptionEditor::subscription(QString *error) const
{
    error->clear();
    // What the agent shows besides the definition (its state, queue, last hour…) is never sent back.
    QJsonObject sub = Subscription::definitionOf(m_original);
    auto set = [&sub](const QString &key, const QJsonValue &value, bool present) {
        if (present)
            sub.insert(key, value);
        else
            sub.remove(key);
    };
    sub.insert(key::Name, m_name->text().trimmed());
    if (sub.value(key::Protocol) != u"poll"_s)
        sub.insert(key::Endpoint, m_endpoint->text().trimmed());
    sub.insert(key::Types, QJsonArray::fromStringList(types()));
    sub.insert(key::Enabled, m_enabled->isChecked());
    sub.insert(key::Mode, m_mode->currentData().toString());
    set(key::BatchSize, m_batchSize->value(), m_mode->currentData() == deliveryModeName(DeliveryMode::Batch));
    sub.insert(key::Priority, m_priority->currentData().toString());
    set(key::Concurrency, m_concurrency->value(), m_concurrency->value() > 0);
    sub.insert(key::Ordered, m_ordered->isChecked());
    sub.insert(key::Handshake, m_handshake->isChecked());
    sub.insert(key::InitialEvents, m_initialEvents->isChecked());
    // An incomplete condition is refused with its reason, not saved as a filter that matches nothing.
    QString incomplete;
    m_conditions->filter(&incomplete);
    if (!incomplete.isEmpty()) {
        *error = incomplete;
        return {};
    }
    const auto filter = parseJson(m_filter, false, error, tr("Filter"));
    if (!filter)
        return {};
    const QJsonArray rules = m_priorityRules->rules(error);
    const QJsonArray windows = error->isEmpty() ? m_windows->windows(error) : QJsonArray();
    if (!error->isEmpty())
        return {};
    set(key::Filter, *filter, !filter->isUndefined());
    set(key::PriorityRules, rules, !rules.isEmpty());
    set(key::Windows, windows, !windows.isEmpty());
    QJsonObject headers;
    for (int row = 0; row < m_headers->rowCount(); ++row) {
        const QString name = m_headers->item(row, 0) ? m_headers->item(row, 0)->text().trimmed() : QString();
        if (!name.isEmpty())
            headers.insert(name, m_headers->item(row, 1) ? m_headers->item(row, 1)->text() : QString());
    }
    set(key::Headers, headers, !headers.isEmpty());
    const QString authType = m_auth->currentData().toString();
    QJsonObject auth{{key::AuthType, authType}};
    if (authType == u"basic"_s)
        auth.insert(key::Username, m_authUser->text());
    if (!m_authSecret->text().isEmpty())
        auth.insert(authType == u"basic"_s ? key::Password : key::Token, m_authSecret->text());
    set(key::Auth, auth, !authType.isEmpty());
    QJsonObject tls;
    const std::pair<QString, QLineEdit *> tlsFields[] = {{key::CaCertificates, m_caCertificates},
                                                         {key::ClientCertificate, m_clientCertificate},
                                                         {key::ClientKey, m_clientKey}};
    for (const auto &[key, field] : tlsFields) {
        if (!field->text().trimmed().isEmpty())
            tls.insert(key, field->text().trimmed());
    }
    set(key::Tls, tls, !tls.isEmpty());
    const QStringList schedule = splitList(m_retrySchedule->text());
    set(key::RetrySchedule, QJsonArray::fromStringList(schedule), !schedule.isEmpty());
    set(key::RateLimit, m_rateLimit->value(), m_rateLimit->value() > 0);
    set(key::TimeZone, m_timeZone->currentText().trimmed(), !m_timeZone->currentText().trimmed().isEmpty());
    const QStringList coalesce = splitList(m_coalesce->text());
    set(key::Coalesce, QJsonArray::fromStringList(coalesce), !coalesce.isEmpty());
    if (sub.value(key::Name).toString().isEmpty())
        *error = tr("Name: give the subscription a name");
    else if (sub.value(key::Endpoint).toString().isEmpty())
        *error = tr("Endpoint: where should the events go?");
    else if (sub.value(key::Types).toArray().isEmpty())
        *error = tr("Event types: choose at least one type or pattern");
    return error->isEmpty() ? sub : QJsonObject();
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
    QJsonObject params{{key::Types, QJsonArray::fromStringList(types())}, {u"count"_s, 100}};
    if (!filter->isUndefined())
        params.insert(key::Filter, *filter);
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
    const QJsonObject sub = subscription(&error);
    if (sub.isEmpty()) {
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
    m_saver(sub, [self](const QString &refused) {
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
