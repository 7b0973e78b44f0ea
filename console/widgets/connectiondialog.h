#pragma once

#include "agentprofiles.h"

#include <QDialog>

class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPushButton;

namespace sluice::console {

class TokenVault;

// Which agent to govern: a saved one (its token read from the keychain) or a new one.
class ConnectionDialog : public QDialog {
    Q_OBJECT

public:
    ConnectionDialog(TokenVault &vault, QWidget *parent = nullptr);

    AgentProfile profile() const;
    QString token() const;
    void setCandidate(const AgentProfile &profile, const QString &token);

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslate();
    void chooseSaved();
    void removeSaved();
    void validate();
    void fillSaved();

    TokenVault &m_vault;
    QList<AgentProfile> m_saved;
    QLabel *m_savedLabel;
    QListWidget *m_savedList;
    QPushButton *m_remove;
    QLabel *m_nameLabel;
    QLabel *m_urlLabel;
    QLabel *m_tokenLabel;
    QLineEdit *m_name;
    QLineEdit *m_url;
    QLineEdit *m_token;
    QLabel *m_note;
    QDialogButtonBox *m_buttons;
};

} // namespace sluice::console
