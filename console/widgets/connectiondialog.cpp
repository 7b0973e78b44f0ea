#include "connectiondialog.h"

#include "tokenvault.h"

#include <QAction>
#include <QDialogButtonBox>
#include <QEvent>
#include <QGridLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPointer>
#include <QPushButton>

using namespace Qt::Literals::StringLiterals;

namespace sluice::console {

ConnectionDialog::ConnectionDialog(TokenVault &vault, QWidget *parent)
    : QDialog(parent)
    , m_vault(vault)
    , m_savedLabel(new QLabel(this))
    , m_savedList(new QListWidget(this))
    , m_remove(new QPushButton(this))
    , m_nameLabel(new QLabel(this))
    , m_urlLabel(new QLabel(this))
    , m_tokenLabel(new QLabel(this))
    , m_name(new QLineEdit(this))
    , m_url(new QLineEdit(this))
    , m_token(new QLineEdit(this))
    , m_note(new QLabel(this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this))
{
    setObjectName(u"connectionDialog"_s);
    m_savedList->setObjectName(u"savedAgents"_s);
    m_name->setObjectName(u"agentName"_s);
    m_url->setObjectName(u"agentUrl"_s);
    m_token->setObjectName(u"agentToken"_s);
    m_token->setEchoMode(QLineEdit::Password);
    auto *show = m_token->addAction(QIcon::fromTheme(u"view-reveal-symbolic"_s), QLineEdit::TrailingPosition);
    show->setCheckable(true);
    connect(show, &QAction::toggled, m_token,
            [this](bool on) { m_token->setEchoMode(on ? QLineEdit::Normal : QLineEdit::Password); });
    m_url->setPlaceholderText(u"ws://127.0.0.1:8791"_s);
    m_note->setWordWrap(true);
    m_note->setForegroundRole(QPalette::PlaceholderText);
    m_savedLabel->setBuddy(m_savedList);
    m_nameLabel->setBuddy(m_name);
    m_urlLabel->setBuddy(m_url);
    m_tokenLabel->setBuddy(m_token);

    auto *layout = new QGridLayout(this);
    layout->addWidget(m_savedLabel, 0, 0);
    layout->addWidget(m_savedList, 1, 0, 4, 1);
    layout->addWidget(m_remove, 5, 0);
    layout->addWidget(m_nameLabel, 0, 1);
    layout->addWidget(m_name, 0, 2);
    layout->addWidget(m_urlLabel, 1, 1);
    layout->addWidget(m_url, 1, 2);
    layout->addWidget(m_tokenLabel, 2, 1);
    layout->addWidget(m_token, 2, 2);
    layout->addWidget(m_note, 3, 1, 2, 2);
    layout->addWidget(m_buttons, 6, 0, 1, 3);
    layout->setColumnStretch(2, 1);
    layout->setColumnMinimumWidth(2, 320);

    connect(m_savedList, &QListWidget::currentRowChanged, this, &ConnectionDialog::chooseSaved);
    connect(m_remove, &QPushButton::clicked, this, &ConnectionDialog::removeSaved);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    for (QLineEdit *edit : {m_name, m_url, m_token})
        connect(edit, &QLineEdit::textChanged, this, &ConnectionDialog::validate);

    m_saved = loadProfiles();
    fillSaved();
    retranslate();
    if (!m_saved.isEmpty())
        m_savedList->setCurrentRow(0);
    else {
        m_name->setText(tr("This computer"));
        m_url->setText(u"ws://127.0.0.1:8791"_s);
    }
    validate();
}

void ConnectionDialog::fillSaved()
{
    m_savedList->clear();
    for (const AgentProfile &profile : m_saved) {
        auto *item = new QListWidgetItem(profile.name, m_savedList);
        item->setToolTip(profile.url.toString());
    }
    m_remove->setEnabled(!m_saved.isEmpty());
}

void ConnectionDialog::retranslate()
{
    setWindowTitle(tr("Connect to an agent"));
    m_savedLabel->setText(tr("&Saved agents"));
    m_remove->setText(tr("&Forget"));
    m_remove->setToolTip(tr("Forget the chosen agent and remove its token from the keychain"));
    m_nameLabel->setText(tr("&Name"));
    m_urlLabel->setText(tr("&Address"));
    m_url->setToolTip(tr("ws://host:port for an agent on this computer, wss://host:port for one elsewhere"));
    m_tokenLabel->setText(tr("&Token"));
    m_token->setToolTip(tr("An admin or viewer token: sluice-agent token show admin prints it"));
    m_note->setText(tr("The token is kept in your system's keychain, never in the settings file. For wss:// "
                       "agents with their own certificate you are shown its fingerprint before it is trusted."));
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("&Connect"));
}

void ConnectionDialog::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QDialog::changeEvent(event);
}

void ConnectionDialog::chooseSaved()
{
    const int row = m_savedList->currentRow();
    if (row < 0 || row >= m_saved.size())
        return;
    const AgentProfile &profile = m_saved.at(row);
    m_name->setText(profile.name);
    m_url->setText(profile.url.toString());
    m_token->clear();
    QPointer<ConnectionDialog> self(this);
    const QString name = profile.name;
    m_vault.read(name, [self, name](const QString &token, const QString &error) {
        if (!self || self->m_name->text() != name)
            return;
        self->m_token->setText(token);
        if (!error.isEmpty())
            self->m_note->setText(error);
    });
}

void ConnectionDialog::removeSaved()
{
    const int row = m_savedList->currentRow();
    if (row < 0 || row >= m_saved.size())
        return;
    const QString name = m_saved.takeAt(row).name;
    saveProfiles(m_saved);
    QPointer<ConnectionDialog> self(this);
    m_vault.remove(name, [self](const QString &error) {
        if (self && !error.isEmpty())
            self->m_note->setText(error);
    });
    fillSaved();
}

void ConnectionDialog::validate()
{
    const QUrl url(m_url->text().trimmed());
    const bool schemeOk = url.scheme() == u"ws"_s || url.scheme() == u"wss"_s;
    m_buttons->button(QDialogButtonBox::Ok)
        ->setEnabled(!m_name->text().trimmed().isEmpty() && schemeOk && !url.host().isEmpty() &&
                     !m_token->text().trimmed().isEmpty());
}

AgentProfile ConnectionDialog::profile() const
{
    AgentProfile profile{m_name->text().trimmed(), QUrl(m_url->text().trimmed()), {}};
    for (const AgentProfile &saved : m_saved) {
        if (saved.name == profile.name && saved.url == profile.url)
            profile.trustedFingerprints = saved.trustedFingerprints;
    }
    return profile;
}

QString ConnectionDialog::token() const
{
    return m_token->text().trimmed();
}

void ConnectionDialog::setCandidate(const AgentProfile &profile, const QString &token)
{
    m_name->setText(profile.name);
    m_url->setText(profile.url.toString());
    m_token->setText(token);
}

} // namespace sluice::console
