#pragma once

#include <QDialog>

namespace sluice::console {

// A signing secret, shown this once, with a button that copies it.
class SecretDialog : public QDialog {
    Q_OBJECT

public:
    SecretDialog(const QString &subscription, const QString &secret, QWidget *parent = nullptr);
};

} // namespace sluice::console
