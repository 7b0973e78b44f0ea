#include "liveeventsview.h"
#include "protocol.h"

#include "agentsession.h"
#include "liveeventsmodel.h"
#include "viewsupport.h"

#include <QAction>
#include <QEvent>
#include <QFileDialog>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPlainTextEdit>
#include <QSaveFile>
#include <QScrollBar>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QStyledItemDelegate>
#include <QTabWidget>
#include <QTableView>
#include <QTimer>
#include <QToolBar>
#include <QVBoxLayout>

using namespace Qt::Literals::StringLiterals;

namespace sluice::console {

namespace {

// Cuts a column's text on the left: what tells long values apart is at their end.
class ElideLeftDelegate : public QStyledItemDelegate {
public:
    using QStyledItemDelegate::QStyledItemDelegate;

protected:
    void initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const override
    {
        QStyledItemDelegate::initStyleOption(option, index);
        option->textElideMode = Qt::ElideLeft;
    }
};

constexpr int kMaxPerSecond = 200; // what a person can follow; the agent says how many it held back

} // namespace

LiveEventsView::LiveEventsView(AgentSession &session, LiveEventsModel &model, QWidget *parent)
    : QWidget(parent)
    , m_session(session)
    , m_model(model)
    , m_proxy(new QSortFilterProxyModel(this))
    , m_toolbar(new QToolBar(this))
    , m_pause(m_toolbar->addAction(QIcon::fromTheme(u"media-playback-pause"_s), QString()))
    , m_clear(m_toolbar->addAction(QIcon::fromTheme(u"edit-clear"_s), QString()))
    , m_export(m_toolbar->addAction(QIcon::fromTheme(u"document-save-as"_s), QString()))
    , m_types(new QLineEdit(this))
    , m_filter(new QLineEdit(this))
    , m_apply(new QAction(this))
    , m_search(new QLineEdit(this))
    , m_table(new QTableView(this))
    , m_detail(new QTabWidget(this))
    , m_pretty(codePane(this))
    , m_raw(codePane(this))
    , m_empty(emptyState(&model, this))
    , m_status(new QLabel(this))
{
    m_table->setObjectName(u"liveTable"_s);
    m_search->setObjectName(u"liveSearch"_s);
    m_types->setObjectName(u"liveTypes"_s);
    m_filter->setObjectName(u"liveFilter"_s);
    m_pretty->setObjectName(u"livePretty"_s);
    m_raw->setObjectName(u"liveRaw"_s);
    m_pause->setObjectName(u"livePause"_s);
    m_pause->setCheckable(true);
    m_pause->setShortcut(Qt::CTRL | Qt::Key_P);
    m_export->setShortcut(Qt::CTRL | Qt::SHIFT | Qt::Key_E);
    m_search->setClearButtonEnabled(true);
    m_raw->setLineWrapMode(QPlainTextEdit::WidgetWidth);
    m_toolbar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_toolbar->addSeparator();
    m_toolbar->addWidget(m_types);
    m_toolbar->addWidget(m_filter);
    m_toolbar->addAction(m_apply);
    m_toolbar->addSeparator();
    m_toolbar->addWidget(m_search);
    for (QAction *action : {m_pause, m_export})
        addAction(action);

    m_proxy->setSourceModel(&model);
    m_proxy->setFilterKeyColumn(-1);
    m_proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_table->setModel(m_proxy);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 6);
    m_table->setWordWrap(false);
    // Long types differ at their end ("…taxonomy.term.created"): they are cut on the left.
    m_table->setItemDelegateForColumn(LiveEventsModel::TypeColumn, new ElideLeftDelegate(m_table));
    QHeaderView *header = m_table->horizontalHeader();
    // Widths that fit the time, a typical type and the header texts; the user's own are remembered.
    const int em = m_table->fontMetrics().horizontalAdvance(u'M');
    header->resizeSection(LiveEventsModel::TimeColumn,
                          m_table->fontMetrics().horizontalAdvance(u"88:88:88.888"_s) + 2 * em);
    for (const auto &[column, width] : {std::pair{LiveEventsModel::TypeColumn, 24},
                                        {LiveEventsModel::SubjectColumn, 12},
                                        {LiveEventsModel::SourceColumn, 9},
                                        {LiveEventsModel::MatchedColumn, 10}})
        header->resizeSection(column, std::max(width * em, header->sectionSizeHint(column)));
    header->setStretchLastSection(true);
    rememberColumns(m_table->horizontalHeader(), u"live"_s);
    m_detail->addTab(m_pretty, QString());
    m_detail->addTab(m_raw, QString());

    auto *splitter = new QSplitter(Qt::Vertical, this);
    splitter->setObjectName(u"liveSplitter"_s);
    splitter->addWidget(m_table);
    splitter->addWidget(m_detail);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_toolbar);
    layout->addWidget(m_empty);
    layout->addWidget(splitter, 1);
    layout->addWidget(m_status);

    // New events come on top; whoever is reading lower down, or has chosen one, keeps their place.
    connect(m_proxy, &QAbstractItemModel::rowsAboutToBeInserted, this, [this] {
        const bool reading = m_table->verticalScrollBar()->value() > 0 || m_table->selectionModel()->hasSelection();
        m_anchor = reading ? QPersistentModelIndex(m_table->indexAt(QPoint(1, 1))) : QPersistentModelIndex();
    });
    connect(m_proxy, &QAbstractItemModel::rowsInserted, this, [this] {
        if (m_anchor.isValid())
            QTimer::singleShot(0, this, [this] {
                if (m_anchor.isValid())
                    m_table->scrollTo(m_anchor, QAbstractItemView::PositionAtTop);
            });
    });
    connect(m_pause, &QAction::toggled, this, &LiveEventsView::setPaused);
    connect(m_clear, &QAction::triggered, this, [this] { m_model.clear(); });
    connect(m_export, &QAction::triggered, this, &LiveEventsView::chooseExportFile);
    connect(m_apply, &QAction::triggered, this, &LiveEventsView::watch);
    connect(m_types, &QLineEdit::returnPressed, this, &LiveEventsView::watch);
    connect(m_filter, &QLineEdit::returnPressed, this, &LiveEventsView::watch);
    connect(m_search, &QLineEdit::textChanged, this, &LiveEventsView::setSearch);
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &LiveEventsView::showDetail);
    connect(&session, &AgentSession::eventsArrived, this, [this](const QJsonArray &events, qint64 skipped) {
        m_skipped += skipped;
        count(int(events.size()));
    });
    m_second.start();
    // The rate falls to zero when the stream stops, too.
    auto *tick = new QTimer(this);
    connect(tick, &QTimer::timeout, this, [this] { count(0); });
    tick->start(1000);
    retranslate();
}

void LiveEventsView::retranslate()
{
    m_pause->setText(tr("&Pause"));
    setShortcutToolTip(m_pause, tr("Stop adding events; what was fetched stays (%1)"));
    m_clear->setText(tr("C&lear"));
    m_export->setText(tr("E&xport…"));
    setShortcutToolTip(m_export, tr("Save the selected events (or all shown) as a JSON array (%1)"));
    m_types->setPlaceholderText(tr("Types, e.g. be.digipolis.wcm.v4.content.*"));
    m_types->setToolTip(tr("The agent sends only these types (patterns with a trailing *)"));
    m_filter->setPlaceholderText(tr("Filter, e.g. {\"prefix\": {\"subject\": \"content/\"}}"));
    m_filter->setToolTip(tr("A subscription filter; the agent applies it as events arrive"));
    // Wide enough for the example in either language.
    for (QLineEdit *edit : {m_types, m_filter})
        edit->setMinimumWidth(edit->fontMetrics().horizontalAdvance(edit->placeholderText()) + 32);
    m_apply->setText(tr("&Apply"));
    m_search->setPlaceholderText(tr("Search the events shown…"));
    m_detail->setTabText(0, tr("CloudEvent"));
    m_detail->setTabText(1, tr("Raw"));
    m_empty->setText(tr("No events yet. They appear here as the agent consumes them."));
    Q_EMIT m_model.headerDataChanged(Qt::Horizontal, 0, LiveEventsModel::ColumnCount - 1);
    count(0);
}

void LiveEventsView::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWidget::changeEvent(event);
}

void LiveEventsView::count(int arrived)
{
    m_arrivedThisSecond += arrived;
    if (m_second.elapsed() >= 1000) {
        m_rate = m_arrivedThisSecond * 1000.0 / double(m_second.restart());
        m_arrivedThisSecond = 0;
        Q_EMIT rateChanged(m_rate);
    }
    const QLocale locale;
    QString text = tr("%1 shown of %2 kept · %3 events/s")
                       .arg(locale.toString(m_proxy->rowCount()), locale.toString(m_model.rowCount()),
                            locale.toString(m_rate, 'f', 0));
    if (m_skipped > 0)
        text += tr(" · %1 held back by the agent to keep the console responsive").arg(locale.toString(m_skipped));
    if (m_model.isPaused())
        text += tr(" · paused, %1 missed").arg(locale.toString(m_model.missedWhilePaused()));
    m_status->setText(text);
}

void LiveEventsView::watch()
{
    QJsonObject params;
    QStringList types;
    for (const QString &type : m_types->text().split(QRegularExpression(u"[,\\s]+"_s), Qt::SkipEmptyParts))
        types.append(type);
    if (!types.isEmpty())
        params.insert(protocol::stream::Types, QJsonArray::fromStringList(types));
    if (!m_filter->text().trimmed().isEmpty()) {
        QJsonParseError error;
        const QJsonDocument filter = QJsonDocument::fromJson(m_filter->text().toUtf8(), &error);
        if (!filter.isObject()) {
            Q_EMIT message(tr("The filter is not a JSON object: %1").arg(error.errorString()));
            return;
        }
        params.insert(protocol::stream::Filter, filter.object());
    }
    if (params != m_watched) // what is shown was chosen by the old types and filter
        m_model.clear();
    m_watched = params;
    m_session.watchEvents(params, kMaxPerSecond);
}

void LiveEventsView::setPaused(bool paused)
{
    m_model.setPaused(paused);
    if (m_pause->isChecked() != paused)
        m_pause->setChecked(paused);
    m_pause->setIcon(QIcon::fromTheme(paused ? u"media-playback-start"_s : u"media-playback-pause"_s));
    count(0);
}

void LiveEventsView::setSearch(const QString &text)
{
    if (m_search->text() != text)
        m_search->setText(text);
    m_proxy->setFilterFixedString(text);
    count(0);
}

void LiveEventsView::setServerFilter(const QString &types, const QString &filter)
{
    m_types->setText(types);
    m_filter->setText(filter);
    watch();
}

int LiveEventsView::shownCount() const
{
    return m_proxy->rowCount();
}

void LiveEventsView::showDetail(const QModelIndex &index)
{
    const QJsonObject event = index.data(LiveEventsModel::EventRole).toJsonObject();
    m_pretty->setPlainText(prettyJson(event));
    m_raw->setPlainText(describeKafkaRecord(index.data(LiveEventsModel::RecordRole).value<ShownRecord>()));
}

QString LiveEventsView::exportSelection(const QString &path) const
{
    QModelIndexList rows = m_table->selectionModel()->selectedRows();
    if (rows.isEmpty()) {
        for (int row = 0; row < m_proxy->rowCount(); ++row)
            rows.append(m_proxy->index(row, 0));
    }
    QJsonArray events;
    for (const QModelIndex &row : std::as_const(rows))
        events.append(row.data(LiveEventsModel::EventRole).toJsonObject());
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(QJsonDocument(events).toJson()) < 0 || !file.commit())
        return tr("%1 could not be written: %2").arg(path, file.errorString());
    return QString();
}

void LiveEventsView::chooseExportFile()
{
    const QString path =
        QFileDialog::getSaveFileName(this, tr("Export events"), u"events.json"_s, tr("JSON files (*.json)"));
    if (path.isEmpty())
        return;
    const QString error = exportSelection(path);
    Q_EMIT message(error.isEmpty() ? tr("Events saved to %1").arg(path) : error);
}

} // namespace sluice::console
