#pragma once

#include <QDialog>

namespace sluice::console {

// A secret shown this once (a subscription's signing secret, a consumer's token), with a button
// that copies it.
class SecretDialog : public QDialog {
    Q_OBJECT

public:
    SecretDialog(const QString &subscription, const QString &secret, QWidget *parent = nullptr);
    // A consumer's token for the Subscriptions API.
    static void showToken(const QString &consumer, const QString &token, QWidget *parent);

private:
    SecretDialog(const QString &title, const QString &explanation, const QString &secret, QWidget *parent);
};

} // namespace sluice::console
