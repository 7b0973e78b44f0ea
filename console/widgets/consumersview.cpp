#include "consumersview.h"

#include "consumersmodel.h"
#include "protocol.h"
#include "secretdialog.h"
#include "viewsupport.h"

#include <QDialog>
#include <QDialogButtonBox>
#include <QEvent>
#include <QFormLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPointer>
#include <QSortFilterProxyModel>
#include <QSpinBox>
#include <QTableView>
#include <QToolBar>
#include <QVBoxLayout>

using namespace Qt::Literals::StringLiterals;
namespace key = sluice::protocol::consumer;
namespace method = sluice::protocol::method;

namespace sluice::console {

ConsumersView::ConsumersView(AgentSession &session, ConsumersModel &model, QWidget *parent)
    : QWidget(parent)
    , m_session(session)
    , m_model(model)
    , m_toolbar(new QToolBar(this))
    , m_table(rowTable(&model, this))
    , m_empty(emptyState(&model, this))
    , m_new(m_toolbar->addAction(QIcon::fromTheme(u"list-add"_s), QString(), this, &ConsumersView::create))
    , m_edit(m_toolbar->addAction(QIcon::fromTheme(u"document-edit"_s), QString(), this, &ConsumersView::edit))
    , m_rotate(m_toolbar->addAction(QString(), this, &ConsumersView::rotate))
    , m_revoke(m_toolbar->addAction(QString(), this, &ConsumersView::revoke))
    , m_delete(m_toolbar->addAction(QIcon::fromTheme(u"list-remove"_s), QString(), this, &ConsumersView::remove))
{
    m_table->setObjectName(u"consumersTable"_s);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setSectionResizeMode(ConsumersModel::TypesColumn, QHeaderView::Stretch);
    rememberColumns(m_table->horizontalHeader(), u"consumers"_s);
    m_toolbar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_new->setShortcut(QKeySequence::New);
    m_new->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    m_delete->setShortcut(QKeySequence::Delete);
    m_delete->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    for (QAction *action : {m_new, m_edit, m_rotate, m_revoke, m_delete})
        addAction(action);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_toolbar);
    layout->addWidget(m_empty);
    layout->addWidget(m_table, 1);
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this, &ConsumersView::updateActions);
    connect(&model, &QAbstractItemModel::modelAboutToBeReset, this, [this] { m_keep = selectedName(); });
    connect(&model, &QAbstractItemModel::modelReset, this, [this] {
        select(m_keep);
        updateActions();
    });
    connect(m_table, &QTableView::doubleClicked, this, &ConsumersView::edit);
    retranslate();
    updateActions();
}

void ConsumersView::retranslate()
{
    m_new->setText(tr("&New…"));
    setShortcutToolTip(m_new, tr("Make a consumer of the Subscriptions API, with its token (%1)"));
    m_edit->setText(tr("&Edit…"));
    m_edit->setToolTip(tr("Change the types the consumer may subscribe to, and how many subscriptions it may have"));
    m_rotate->setText(tr("&Rotate token"));
    m_rotate->setToolTip(tr("A new token, shown once; the old one stops working at once"));
    m_revoke->setText(tr("Re&voke"));
    m_revoke->setToolTip(tr("The token stops working; the consumer's subscriptions keep delivering"));
    m_delete->setText(tr("&Delete"));
    m_delete->setToolTip(tr("Delete a consumer that has no subscriptions left"));
    m_empty->setText(tr("No consumers yet. Press New to let a team subscribe itself through the Subscriptions API."));
}

void ConsumersView::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWidget::changeEvent(event);
}

void ConsumersView::setEditable(bool editable)
{
    m_editable = editable;
    updateActions();
}

void ConsumersView::updateActions()
{
    const bool chosen = !selectedName().isEmpty();
    m_new->setEnabled(m_editable);
    for (QAction *action : {m_edit, m_rotate, m_revoke, m_delete})
        action->setEnabled(m_editable && chosen);
}

QString ConsumersView::selectedName() const
{
    const QModelIndexList rows = m_table->selectionModel()->selectedRows(ConsumersModel::NameColumn);
    return rows.isEmpty() ? QString() : rows.first().data().toString();
}

void ConsumersView::select(const QString &name)
{
    const int row = m_model.rowOf(name);
    auto *proxy = static_cast<QSortFilterProxyModel *>(m_table->model());
    if (row >= 0)
        m_table->selectRow(proxy->mapFromSource(m_model.index(row, 0)).row());
}

void ConsumersView::reload()
{
    m_session.loadConsumers();
    m_session.loadSubscriptions(); // owners and counts change together
}

bool ConsumersView::ask(QJsonObject &consumer)
{
    QDialog dialog(this);
    dialog.setObjectName(u"consumerDialog"_s);
    const bool creating = consumer.value(key::Name).toString().isEmpty();
    dialog.setWindowTitle(creating ? tr("New consumer") : tr("Consumer %1").arg(consumer.value(key::Name).toString()));
    auto *name = new QLineEdit(consumer.value(key::Name).toString(), &dialog);
    name->setObjectName(u"consumerName"_s);
    name->setReadOnly(!creating);
    name->setPlaceholderText(tr("e.g. crm"));
    auto *types = new QPlainTextEdit(&dialog);
    types->setObjectName(u"consumerTypes"_s);
    QStringList lines;
    for (const QJsonValue &t : consumer.value(key::AllowedTypes).toArray())
        lines.append(t.toString());
    types->setPlainText(lines.join(u'\n'));
    types->setPlaceholderText(tr("One type or prefix per line, e.g. be.digipolis.wcm.v4.content.*\n"
                                 "Empty: every exposed type"));
    auto *max = new QSpinBox(&dialog);
    max->setObjectName(u"consumerMaxSubscriptions"_s);
    max->setRange(0, 100000);
    max->setSpecialValueText(tr("the agent's default"));
    max->setValue(consumer.value(key::MaxSubscriptions).toInt());
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, &dialog);
    connect(buttons, &QDialogButtonBox::accepted, &dialog, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    auto *form = new QFormLayout(&dialog);
    form->addRow(tr("&Name:"), name);
    form->addRow(tr("May subscribe &to:"), types);
    form->addRow(tr("&Subscriptions at most:"), max);
    form->addRow(buttons);
    if (dialog.exec() != QDialog::Accepted)
        return false;
    QJsonArray allowed;
    for (const QString &line : types->toPlainText().split(u'\n', Qt::SkipEmptyParts)) {
        if (!line.trimmed().isEmpty())
            allowed.append(line.trimmed());
    }
    consumer = {
        {key::Name, name->text().trimmed()}, {key::AllowedTypes, allowed}, {key::MaxSubscriptions, max->value()}};
    return true;
}

void ConsumersView::change(const QString &rpcMethod, const QJsonObject &params, const QString &done)
{
    QPointer<ConsumersView> self(this);
    const QString name = params.value(key::Name).toString();
    m_session.changeConsumer(rpcMethod, params, [self, name, done](const QJsonObject &result, const QString &error) {
        if (!self)
            return;
        Q_EMIT self->message(error.isEmpty() ? done : error);
        if (error.isEmpty() && result.contains(key::Token))
            SecretDialog::showToken(name, result.value(key::Token).toString(), self);
        self->m_keep = name;
        self->reload();
    });
}

void ConsumersView::create()
{
    QJsonObject consumer;
    if (ask(consumer))
        change(method::ConsumersCreate, consumer,
               tr("Consumer %1 was made.").arg(consumer.value(key::Name).toString()));
}

void ConsumersView::edit()
{
    const int row = m_model.rowOf(selectedName());
    if (row < 0)
        return;
    QJsonObject consumer = m_model.index(row, 0).data(ConsumersModel::ConsumerRole).toJsonObject();
    if (ask(consumer))
        change(method::ConsumersUpdate, consumer, tr("Consumer %1 was changed.").arg(selectedName()));
}

void ConsumersView::rotate()
{
    const QString name = selectedName();
    if (!name.isEmpty() &&
        QMessageBox::question(this, tr("Rotate the token of %1?").arg(name),
                              tr("A new token is made and shown once; the old one stops working at once.")) ==
            QMessageBox::Yes)
        change(method::ConsumersRotate, {{key::Name, name}}, tr("%1 has a new token.").arg(name));
}

void ConsumersView::revoke()
{
    const QString name = selectedName();
    if (!name.isEmpty() &&
        QMessageBox::question(this, tr("Revoke the token of %1?").arg(name),
                              tr("%1 can no longer use the Subscriptions API. Its subscriptions keep delivering; "
                                 "rotating the token lets it in again.")
                                  .arg(name)) == QMessageBox::Yes)
        change(method::ConsumersRevoke, {{key::Name, name}}, tr("The token of %1 was revoked.").arg(name));
}

void ConsumersView::remove()
{
    const QString name = selectedName();
    if (!name.isEmpty() && QMessageBox::question(this, tr("Delete %1?").arg(name),
                                                 tr("Delete the consumer %1?").arg(name)) == QMessageBox::Yes)
        change(method::ConsumersDelete, {{key::Name, name}}, tr("%1 was deleted.").arg(name));
}

} // namespace sluice::console
