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
    : QDialog(parent)
{
    setObjectName(u"secretDialog"_s);
    setWindowTitle(tr("Signing secret of %1").arg(subscription));
    auto *explanation = new QLabel(
        tr("Give this secret to the consumer of %1: it verifies the webhook-signature of every delivery with it. "
           "It is shown this once; rotate it if it is lost.")
            .arg(subscription),
        this);
    explanation->setWordWrap(true);
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
    layout->addWidget(explanation);
    layout->addLayout(row);
    layout->addWidget(buttons);
}

} // namespace sluice::console
