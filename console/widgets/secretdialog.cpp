#include "secretdialog.h"

#include <QClipboard>
#include <QDialogButtonBox>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

using namespace Qt::Literals::StringLiterals;

namespace sluice::console {

SecretDialog::SecretDialog(const QString &subscription, const QString &secret, QWidget *parent)
    : SecretDialog(tr("Signing secret of %1").arg(subscription),
                   tr("Give this secret to the consumer of %1: it verifies the webhook-signature of every delivery "
                      "with it. It is shown this once; rotate it if it is lost.")
                       .arg(subscription),
                   secret, parent)
{
}

void SecretDialog::showToken(const QString &consumer, const QString &token, QWidget *parent)
{
    SecretDialog dialog(tr("Token of %1").arg(consumer),
                        tr("Give this token to %1: it subscribes with it through the Subscriptions API "
                           "(docs/consumers.md). It is shown this once; the agent keeps only its hash. Rotate it "
                           "if it is lost.")
                            .arg(consumer),
                        token, parent);
    dialog.setObjectName(u"tokenDialog"_s);
    dialog.exec();
}

SecretDialog::SecretDialog(const QString &title, const QString &explanation, const QString &secret, QWidget *parent)
    : QDialog(parent)
{
    setObjectName(u"secretDialog"_s);
    setWindowTitle(title);
    auto *text = new QLabel(explanation, this);
    text->setWordWrap(true);
    auto *field = new QLineEdit(secret, this);
    field->setObjectName(u"secret"_s);
    field->setReadOnly(true);
    field->setMinimumWidth(field->fontMetrics().horizontalAdvance(secret) + 24);
    auto *copy = new QPushButton(tr("&Copy"), this);
    copy->setObjectName(u"copySecret"_s);
    connect(copy, &QPushButton::clicked, this, [secret, copy] {
        QGuiApplication::clipboard()->setText(secret);
        copy->setText(tr("Copied"));
    });
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::accept);
    auto *row = new QHBoxLayout;
    row->addWidget(field, 1);
    row->addWidget(copy);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(text);
    layout->addLayout(row);
    layout->addWidget(buttons);
}

} // namespace sluice::console
