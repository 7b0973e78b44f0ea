#include "registerview.h"

#include "agentsession.h"
#include "labels.h"
#include "protocol.h"
#include "registermodel.h"
#include "viewsupport.h"

#include <QCheckBox>
#include <QComboBox>
#include <QEvent>
#include <QFileDialog>
#include <QFormLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPlainTextEdit>
#include <QPointer>
#include <QPushButton>
#include <QSaveFile>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QTabWidget>
#include <QTextBrowser>
#include <QTreeView>
#include <QVBoxLayout>

using namespace Qt::Literals::StringLiterals;

namespace sluice::console {

namespace {

// Search as you type: a row stays when its whole type, its title or its path segment holds the text;
// namespaces stay while a type under them does.
class RegisterFilter : public QSortFilterProxyModel {
public:
    using QSortFilterProxyModel::QSortFilterProxyModel;

protected:
    bool filterAcceptsRow(int row, const QModelIndex &parent) const override
    {
        const QString text = filterRegularExpression().pattern();
        if (text.isEmpty())
            return true;
        const QModelIndex name = sourceModel()->index(row, RegisterModel::NameColumn, parent);
        const QModelIndex title = sourceModel()->index(row, RegisterModel::TitleColumn, parent);
        return name.data(RegisterModel::TypeRole).toString().contains(text, Qt::CaseInsensitive) ||
               name.data().toString().contains(text, Qt::CaseInsensitive) ||
               title.data().toString().contains(text, Qt::CaseInsensitive);
    }
};

QString timeOf(qint64 ms)
{
    return ms ? QLocale().toString(QDateTime::fromMSecsSinceEpoch(ms).toLocalTime(), QLocale::ShortFormat) : QString();
}

} // namespace

RegisterView::RegisterView(AgentSession &session, RegisterModel &model, QWidget *parent)
    : QWidget(parent)
    , m_session(session)
    , m_model(model)
    , m_proxy(new RegisterFilter(this))
    , m_search(new QLineEdit(this))
    , m_tree(new QTreeView(this))
    , m_export(new QPushButton(this))
    , m_title(new QLabel(this))
    , m_type(new QLabel(this))
    , m_description(new QTextBrowser(this))
    , m_form(new QFormLayout)
    , m_status(new QComboBox(this))
    , m_exposed(new QCheckBox(this))
    , m_validation(new QComboBox(this))
    , m_version(new QLabel(this))
    , m_figures(new QLabel(this))
    , m_usedBy(new QLabel(this))
    , m_lastError(new QLabel(this))
    , m_tabs(new QTabWidget(this))
    , m_schema(codePane(this))
    , m_example(codePane(this))
    , m_empty(emptyState(&model, this))
    , m_detail(new QWidget(this))
{
    m_search->setObjectName(u"registerSearch"_s);
    m_tree->setObjectName(u"registerTree"_s);
    m_exposed->setObjectName(u"registerExposed"_s);
    m_validation->setObjectName(u"registerValidation"_s);
    m_status->setObjectName(u"registerStatus"_s);
    m_usedBy->setObjectName(u"registerUsedBy"_s);
    m_search->setClearButtonEnabled(true);
    m_proxy->setSourceModel(&model);
    m_proxy->setRecursiveFilteringEnabled(true);
    m_proxy->setAutoAcceptChildRows(true);
    m_proxy->setSortCaseSensitivity(Qt::CaseInsensitive);
    m_tree->setModel(m_proxy);
    m_tree->setSortingEnabled(true);
    m_tree->sortByColumn(RegisterModel::NameColumn, Qt::AscendingOrder);
    m_tree->setUniformRowHeights(true);
    m_tree->header()->setStretchLastSection(false);
    m_tree->header()->setSectionResizeMode(RegisterModel::NameColumn, QHeaderView::ResizeToContents);
    m_tree->header()->setSectionResizeMode(RegisterModel::TitleColumn, QHeaderView::Stretch);
    rememberColumns(m_tree->header(), u"register"_s);
    m_title->setWordWrap(true);
    QFont big = m_title->font();
    big.setPointSizeF(big.pointSizeF() * 1.3);
    big.setBold(true);
    m_title->setFont(big);
    m_type->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_description->setMaximumHeight(m_description->fontMetrics().lineSpacing() * 4);
    for (QLabel *label : {m_figures, m_usedBy, m_lastError, m_version})
        label->setWordWrap(true);
    m_lastError->setTextInteractionFlags(Qt::TextSelectableByMouse);
    for (const QString &status : registerStatusNames())
        m_status->addItem(QString(), status);
    for (const QString &policy : validationPolicyNames())
        m_validation->addItem(QString(), policy);

    auto *left = new QWidget(this);
    auto *leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    leftLayout->addWidget(m_search);
    leftLayout->addWidget(m_empty);
    leftLayout->addWidget(m_tree, 1);
    leftLayout->addWidget(m_export, 0, Qt::AlignLeft);

    for (QWidget *field : std::initializer_list<QWidget *>{m_exposed, m_validation, m_status, m_version, m_figures,
                                                           m_usedBy, m_lastError})
        m_form->addRow(u" "_s, field); // a label to retranslate later
    m_tabs->addTab(m_schema, QString());
    m_tabs->addTab(m_example, QString());
    auto *detailLayout = new QVBoxLayout(m_detail);
    detailLayout->setContentsMargins(0, 0, 0, 0);
    detailLayout->addWidget(m_title);
    detailLayout->addWidget(m_type);
    detailLayout->addWidget(m_description);
    detailLayout->addLayout(m_form);
    detailLayout->addWidget(m_tabs, 1);
    m_detail->setEnabled(false);

    auto *splitter = new QSplitter(this);
    splitter->setObjectName(u"registerSplitter"_s);
    splitter->addWidget(left);
    splitter->addWidget(m_detail);
    splitter->setStretchFactor(0, 1);
    splitter->setStretchFactor(1, 1);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(splitter);

    connect(m_search, &QLineEdit::textChanged, this, [this](const QString &text) {
        m_proxy->setFilterRegularExpression(QRegularExpression(text.trimmed()));
        if (!text.trimmed().isEmpty())
            m_tree->expandAll();
    });
    connect(m_tree->selectionModel(), &QItemSelectionModel::currentChanged, this, &RegisterView::showEntry);
    connect(&model, &QAbstractItemModel::dataChanged, this, [this](const QModelIndex &from, const QModelIndex &) {
        if (from.data(RegisterModel::TypeRole).toString() == selectedType())
            showEntry();
    });
    // A reload keeps the chosen type chosen; its figures follow every few seconds while shown.
    connect(&model, &QAbstractItemModel::modelAboutToBeReset, this, [this] { m_keep = selectedType(); });
    connect(&model, &QAbstractItemModel::modelReset, this, [this] {
        m_loaded.start();
        m_tree->expandToDepth(0);
        if (!m_keep.isEmpty())
            selectType(m_keep);
        showEntry();
    });
    m_refresh.setInterval(5000);
    connect(&m_refresh, &QTimer::timeout, this, [this] {
        if (isVisible() && m_session.state() == AgentSession::State::Connected)
            fetchDetails();
    });
    m_refresh.start();
    connect(m_exposed, &QCheckBox::toggled, this, [this](bool on) { change({{protocol::registry::Exposed, on}}); });
    connect(m_validation, &QComboBox::activated, this, [this] {
        change({{protocol::registry::Validation, m_validation->currentData().toString()}});
    });
    connect(m_status, &QComboBox::activated, this, [this] {
        change({{protocol::registry::Status, m_status->currentData().toString()}});
    });
    connect(m_export, &QPushButton::clicked, this, &RegisterView::chooseExportFile);
    retranslate();
}

void RegisterView::retranslate()
{
    m_search->setPlaceholderText(tr("Search types, names and paths…"));
    m_export->setText(tr("Export &AsyncAPI…"));
    m_export->setToolTip(tr("Save the AsyncAPI 3.0 document of every exposed event type"));
    m_empty->setText(tr("The register is empty until the agent is connected."));
    m_exposed->setText(tr("E&xposed: may be delivered outside the organisation"));
    m_exposed->setToolTip(tr("Only exposed types can be subscribed to and leave the agent"));
    setFieldLabel(m_exposed, tr("Exposure"));
    setFieldLabel(m_validation, tr("&Validation"));
    setFieldLabel(m_status, tr("&Status"));
    setFieldLabel(m_version, tr("Schema"));
    setFieldLabel(m_figures, tr("Seen"));
    setFieldLabel(m_usedBy, tr("Used by"));
    setFieldLabel(m_lastError, tr("Last invalid"));
    m_validation->setToolTip(tr("off: not checked; warn: delivered and counted; enforce: quarantined"));
    for (QComboBox *box : {m_validation, m_status}) {
        for (int i = 0; i < box->count(); ++i)
            box->setItemText(i, stateLabel(box->itemData(i).toString()));
    }
    m_tabs->setTabText(0, tr("JSON Schema"));
    m_tabs->setTabText(1, tr("Example"));
    Q_EMIT m_model.headerDataChanged(Qt::Horizontal, 0, RegisterModel::ColumnCount - 1);
    showEntry();
}

void RegisterView::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWidget::changeEvent(event);
}

void RegisterView::setEditable(bool editable)
{
    m_editable = editable;
    for (QWidget *w : std::initializer_list<QWidget *>{m_exposed, m_validation, m_status})
        w->setEnabled(editable);
}

QString RegisterView::selectedType() const
{
    return m_tree->currentIndex().siblingAtColumn(0).data(RegisterModel::TypeRole).toString();
}

void RegisterView::selectType(const QString &type)
{
    const QModelIndex index = m_proxy->mapFromSource(m_model.indexOfType(type));
    m_tree->scrollTo(index);
    m_tree->setCurrentIndex(index);
}

void RegisterView::showEntry()
{
    const QJsonObject entry = m_tree->currentIndex().siblingAtColumn(0).data(RegisterModel::EntryRole).toJsonObject();
    m_detail->setEnabled(!entry.isEmpty());
    if (entry.isEmpty()) {
        m_title->setText(tr("Choose an event type"));
        m_type->clear();
        m_description->setPlainText(tr("Pick a type on the left to see its description, schema and figures."));
        for (QLabel *label : {m_version, m_figures, m_usedBy, m_lastError})
            label->clear();
        m_schema->clear();
        m_example->clear();
        return;
    }
    showDetails(entry);
    m_usedBy->setText(tr("…"));
    fetchDetails();
}

// The agent's current entry of the chosen type: fresh figures, and which subscriptions select it.
void RegisterView::fetchDetails()
{
    const QString type = selectedType();
    if (type.isEmpty())
        return;
    QPointer<RegisterView> self(this);
    m_session.getRegisterEntry(type, [self, type](const QJsonObject &full, const QString &error) {
        if (!self || self->selectedType() != type)
            return;
        if (!error.isEmpty()) {
            self->m_usedBy->setText(error);
            return;
        }
        self->showDetails(full);
        QStringList names;
        for (const QJsonValue &name : full.value(protocol::registry::Subscriptions).toArray())
            names.append(name.toString());
        self->m_usedBy->setText(names.isEmpty() ? tr("no subscription") : names.join(u", "_s));
    });
}

void RegisterView::showEvent(QShowEvent *event)
{
    // Types registered or discovered since the last look appear when the view is shown again.
    const bool connected = m_session.state() == AgentSession::State::Connected;
    if (connected && (!m_loaded.isValid() || m_loaded.elapsed() > 30000))
        m_session.loadRegister();
    QWidget::showEvent(event);
}

void RegisterView::showDetails(const QJsonObject &json)
{
    const auto entry = RegisterEntry::fromJson(json, nullptr);
    if (!entry)
        return;
    m_filling = true;
    m_title->setText(localized(entry->name).isEmpty() ? entry->type : localized(entry->name));
    m_type->setText(u"<code>%1</code> · %2"_s.arg(entry->type.toHtmlEscaped(),
                                                  entry->module.isEmpty() ? entry->source.toHtmlEscaped()
                                                                          : tr("module %1").arg(entry->module)));
    m_description->setPlainText(localized(entry->description));
    m_exposed->setChecked(entry->exposed);
    m_validation->setCurrentIndex(m_validation->findData(validationPolicyName(entry->validation)));
    m_status->setCurrentIndex(m_status->findData(registerStatusName(entry->status)));
    m_version->setText(tr("version %1").arg(entry->version));
    const QLocale locale;
    const TypeFigures &f = entry->figures;
    m_figures->setText(f.lastSeen
                           ? tr("last %1 · %2 in the last hour · %3 in the last day · %4 in all")
                                 .arg(timeOf(f.lastSeen), locale.toString(qulonglong(f.lastHour)),
                                      locale.toString(qulonglong(f.lastDay)), locale.toString(qulonglong(f.total)))
                           : tr("not seen yet"));
    m_lastError->setText(f.lastValidationError.isEmpty()
                             ? tr("none (%1 checked)").arg(locale.toString(qulonglong(f.validated)))
                             : tr("%1 of %2 checked; the newest at %3: %4")
                                   .arg(locale.toString(qulonglong(f.invalid)),
                                        locale.toString(qulonglong(f.validated)), timeOf(f.lastValidationErrorAt),
                                        f.lastValidationError));
    m_schema->setPlainText(prettyJson(entry->schema));
    // No example is said so, not shown as "null": only JSON data makes one.
    const bool none = entry->example.isNull() || entry->example.isUndefined();
    m_example->setPlainText(none ? QString() : prettyJson(entry->example));
    m_example->setPlaceholderText(tr("No example: none was given, and the events seen carry no JSON data."));
    setEditable(m_editable);
    m_filling = false;
}

void RegisterView::change(const QJsonObject &change)
{
    const QString type = selectedType();
    if (m_filling || type.isEmpty())
        return;
    QPointer<RegisterView> self(this);
    m_session.updateRegisterEntry(type, change, [self](const QString &error) {
        if (!self)
            return;
        if (!error.isEmpty()) {
            Q_EMIT self->message(tr("The register was not changed: %1").arg(error));
            self->showEntry(); // back to what the agent holds
        } else {
            Q_EMIT self->message(tr("The register entry was changed."));
        }
    });
}

void RegisterView::chooseExportFile()
{
    const QString path = QFileDialog::getSaveFileName(this, tr("Export AsyncAPI"), u"asyncapi.json"_s,
                                                      tr("AsyncAPI documents (*.json)"));
    if (path.isEmpty())
        return;
    QPointer<RegisterView> self(this);
    exportAsyncApi(path, [self, path](const QString &error) {
        if (self)
            Q_EMIT self->message(error.isEmpty() ? tr("AsyncAPI saved to %1").arg(path) : error);
    });
}

void RegisterView::exportAsyncApi(const QString &path, std::function<void(const QString &)> done)
{
    m_session.exportRegister(
        protocol::registry::AsyncApi, [path, done](const QJsonObject &result, const QString &error) {
            if (!error.isEmpty()) {
                done(tr("The AsyncAPI document could not be made: %1").arg(error));
                return;
            }
            QSaveFile file(path);
            if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) ||
                file.write(QJsonDocument(result.value(protocol::registry::Document).toObject()).toJson()) < 0 ||
                !file.commit()) {
                done(tr("%1 could not be written: %2").arg(path, file.errorString()));
                return;
            }
            done(QString());
        });
}

} // namespace sluice::console
