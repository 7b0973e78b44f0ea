#pragma once

#include "subscription.h"

#include <QDialog>
#include <QJsonObject>

#include <functional>
#include <optional>

class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QSpinBox;
class QTableWidget;
class QTabWidget;

namespace sluice::console {

class AgentSession;
class FilterConditions;
class RegisterModel;
class PriorityRulesEditor;
class TypeTree;
class WindowsEditor;

// Everything a subscription has (docs/configuration.md#subscriptions), on five tabs. Event types are
// picked from the register tree: a checked type is selected exactly, a checked namespace as a
// wildcard (`prefix.*`). Dry-run asks the agent which recent events the definition would select.
class SubscriptionEditor : public QDialog {
    Q_OBJECT

public:
    SubscriptionEditor(AgentSession &session, const RegisterModel &types, QWidget *parent = nullptr);

    // An existing subscription to change (read as subscriptions.get shows it); its name stays.
    void setSubscription(const Subscription &subscription);
    // The subscription the form holds now; std::nullopt with error naming the field when the agent
    // would not take it. What the form does not show stays as it was given.
    std::optional<Subscription> subscription(QString *error) const;
    void setTypes(const QStringList &patterns);
    QStringList types() const;
    void dryRun();
    // Shown only, with why: a viewer, or a subscription from the configuration file. No Save, and
    // no field that looks changeable.
    enum class ReadOnly { No, Viewer, FromFile };
    void setReadOnly(ReadOnly why);
    // Save hands the definition to saver and closes only when it answers without an error; an
    // error (the agent's refusal) is shown in the editor, with everything typed still there.
    using Saver = std::function<void(const Subscription &subscription, std::function<void(const QString &error)> done)>;
    void setSaver(Saver saver) { m_saver = std::move(saver); }

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslate();
    void accept() override;
    // Not while the agent is still answering a Save: its answer would have no editor to land in.
    void reject() override;
    // The form's tabs into the subscription; false with error naming the field.
    bool readFilters(Subscription &sub, QString *error) const;
    void readTrust(Subscription &sub) const;
    bool readOrderOfWork(Subscription &sub, QString *error) const;

    AgentSession &m_session;
    std::optional<Subscription> m_original; // none: a new one
    QTabWidget *m_tabs;
    QLineEdit *m_name;
    QLineEdit *m_endpoint;
    QCheckBox *m_enabled;
    QComboBox *m_mode;
    QSpinBox *m_batchSize;
    QComboBox *m_priority;
    QSpinBox *m_concurrency;
    QCheckBox *m_ordered;
    QCheckBox *m_handshake;
    QCheckBox *m_initialEvents;
    TypeTree *m_typeTree;
    QLineEdit *m_extraTypes;
    FilterConditions *m_conditions;
    QPlainTextEdit *m_filter;
    PriorityRulesEditor *m_priorityRules;
    QTableWidget *m_headers;
    QComboBox *m_auth;
    QLineEdit *m_authUser;
    QLineEdit *m_authSecret;
    QLineEdit *m_caCertificates;
    QLineEdit *m_clientCertificate;
    QLineEdit *m_clientKey;
    QLineEdit *m_retrySchedule;
    QSpinBox *m_rateLimit;
    WindowsEditor *m_windows;
    QComboBox *m_timeZone; // editable: an IANA zone, chosen or typed; empty: the agent's
    QLineEdit *m_coalesce;
    QPlainTextEdit *m_dryRunResult;
    QLabel *m_problem;
    QDialogButtonBox *m_buttons;
    bool m_loading = false;
    Saver m_saver;
    bool m_saving = false;
};

} // namespace sluice::console
