#include "ruleseditors.h"

#include "deliverywindow.h"
#include "eventfilter.h"

#include <QCheckBox>
#include <QComboBox>
#include <QEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QRegularExpression>
#include <QTableWidget>
#include <QTimeEdit>
#include <QVBoxLayout>

using namespace Qt::Literals::StringLiterals;

namespace sluice::console {

namespace {

const QStringList kDays{u"mon"_s, u"tue"_s, u"wed"_s, u"thu"_s, u"fri"_s, u"sat"_s, u"sun"_s};

QTimeEdit *timeEdit(const QString &text)
{
    auto *edit = new QTimeEdit(QTime::fromString(text, u"HH:mm"_s));
    edit->setDisplayFormat(u"HH:mm"_s);
    return edit;
}

} // namespace

RecordTable::RecordTable(int columns, QWidget *parent)
    : QWidget(parent)
    , m_table(new QTableWidget(0, columns, this))
    , m_add(new QPushButton(this))
    , m_remove(new QPushButton(this))
{
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setMinimumHeight(110);
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_add);
    buttons->addWidget(m_remove);
    buttons->addStretch(1);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_table);
    layout->addLayout(buttons);
    connect(m_add, &QPushButton::clicked, this, [this] {
        fillRow(addRow());
        Q_EMIT changed();
    });
    connect(m_remove, &QPushButton::clicked, this, [this] {
        if (m_table->currentRow() >= 0)
            m_table->removeRow(m_table->currentRow());
        Q_EMIT changed();
    });
}

int RecordTable::count() const
{
    return m_table->rowCount();
}

int RecordTable::addRow()
{
    const int row = m_table->rowCount();
    m_table->insertRow(row);
    return row;
}

void RecordTable::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWidget::changeEvent(event);
}

void RecordTable::retranslateButtons()
{
    m_add->setText(tr("Add"));
    m_remove->setText(tr("Remove"));
}

WindowsEditor::WindowsEditor(QWidget *parent)
    : RecordTable(3, parent)
{
    setObjectName(u"windowsEditor"_s);
    for (int column : {0, 1})
        table()->horizontalHeader()->setSectionResizeMode(column, QHeaderView::ResizeToContents);
    retranslate();
}

void WindowsEditor::fillRow(int row)
{
    auto *days = new QWidget;
    auto *layout = new QHBoxLayout(days);
    layout->setContentsMargins(4, 0, 4, 0);
    for (int day = 1; day <= 7; ++day) {
        auto *box = new QCheckBox(QLocale().dayName(day, QLocale::ShortFormat), days);
        box->setObjectName(kDays.at(day - 1));
        layout->addWidget(box);
    }
    table()->setCellWidget(row, 0, days);
    table()->setCellWidget(row, 1, timeEdit(u"01:00"_s));
    table()->setCellWidget(row, 2, timeEdit(u"05:00"_s));
    table()->resizeColumnToContents(0);
}

void WindowsEditor::setWindows(const QList<DeliveryWindow> &windows)
{
    table()->setRowCount(0);
    for (const DeliveryWindow &window : windows) {
        const int row = addRow();
        fillRow(row);
        for (const int day : window.days)
            table()->cellWidget(row, 0)->findChild<QCheckBox *>(kDays.at(day - 1))->setChecked(true);
        qobject_cast<QTimeEdit *>(table()->cellWidget(row, 1))->setTime(window.from);
        qobject_cast<QTimeEdit *>(table()->cellWidget(row, 2))->setTime(window.to);
    }
}

QList<DeliveryWindow> WindowsEditor::windows(QString *error) const
{
    QList<DeliveryWindow> out;
    for (int row = 0; row < count(); ++row) {
        DeliveryWindow window;
        for (int day = 1; day <= 7; ++day) { // none checked: every day
            if (table()->cellWidget(row, 0)->findChild<QCheckBox *>(kDays.at(day - 1))->isChecked())
                window.days.append(day);
        }
        window.from = qobject_cast<QTimeEdit *>(table()->cellWidget(row, 1))->time();
        window.to = qobject_cast<QTimeEdit *>(table()->cellWidget(row, 2))->time();
        if (window.from == window.to) {
            *error = tr("Delivery window %1: from and to are the same time, so it never opens").arg(row + 1);
            return {};
        }
        out.append(window);
    }
    return out;
}

void WindowsEditor::retranslate()
{
    table()->setHorizontalHeaderLabels({tr("Days (none: every day)"), tr("From"), tr("To")});
    retranslateButtons();
    setToolTip(tr("Deliveries go out only inside a window, in the subscription's time zone; a window whose "
                  "end is before its start runs past midnight"));
}

PriorityRulesEditor::PriorityRulesEditor(QWidget *parent)
    : RecordTable(3, parent)
{
    setObjectName(u"priorityRulesEditor"_s);
    QHeaderView *header = table()->horizontalHeader();
    header->setStretchLastSection(false);
    for (int column : {0, 1})
        header->setSectionResizeMode(column, QHeaderView::Stretch);
    header->setSectionResizeMode(2, QHeaderView::ResizeToContents);
    retranslate();
}

void PriorityRulesEditor::fillRow(int row)
{
    auto *types = new QLineEdit;
    types->setPlaceholderText(u"be.digipolis.wcm.v4.content.*"_s);
    auto *filter = new QLineEdit;
    filter->setPlaceholderText(u"{\"exact\": {\"subject\": \"home\"}}"_s);
    auto *priority = new QComboBox;
    for (const Priority p : {Priority::Low, Priority::Normal, Priority::High, Priority::Immediate})
        priority->addItem(priorityName(p), priorityName(p));
    priority->setCurrentIndex(2);
    table()->setCellWidget(row, 0, types);
    table()->setCellWidget(row, 1, filter);
    table()->setCellWidget(row, 2, priority);
    retranslate();
}

void PriorityRulesEditor::setRules(const QList<PriorityRule> &rules)
{
    table()->setRowCount(0);
    for (const PriorityRule &rule : rules) {
        const int row = addRow();
        fillRow(row);
        qobject_cast<QLineEdit *>(table()->cellWidget(row, 0))->setText(rule.types.patterns().join(u", "_s));
        if (!rule.filter.isEmpty())
            qobject_cast<QLineEdit *>(table()->cellWidget(row, 1))
                ->setText(
                    QString::fromUtf8(QJsonDocument(rule.filter.toJson().toObject()).toJson(QJsonDocument::Compact)));
        auto *priority = qobject_cast<QComboBox *>(table()->cellWidget(row, 2));
        priority->setCurrentIndex(std::max(0, priority->findData(priorityName(rule.priority))));
    }
}

QList<PriorityRule> PriorityRulesEditor::rules(QString *error) const
{
    QList<PriorityRule> out;
    for (int row = 0; row < count(); ++row) {
        const QStringList types = qobject_cast<QLineEdit *>(table()->cellWidget(row, 0))
                                      ->text()
                                      .split(QRegularExpression(u"[,\\s]+"_s), Qt::SkipEmptyParts);
        QString why;
        const auto selector = types.isEmpty() ? std::nullopt : TypeSelector::parse(types, &why);
        if (!selector) {
            *error = tr("Priority rule %1: which types it votes for (patterns, or *) %2").arg(row + 1).arg(why);
            return {};
        }
        PriorityRule rule;
        rule.types = *selector;
        rule.priority =
            priorityFromName(qobject_cast<QComboBox *>(table()->cellWidget(row, 2))->currentData().toString())
                .value_or(Priority::High);
        const QString filterText = qobject_cast<QLineEdit *>(table()->cellWidget(row, 1))->text().trimmed();
        if (!filterText.isEmpty()) {
            const QJsonDocument filter = QJsonDocument::fromJson(filterText.toUtf8());
            const auto parsed = filter.isObject() ? EventFilter::parse(filter.object(), &why) : std::nullopt;
            if (!parsed) {
                *error = tr("Priority rule %1: the filter is not a filter: %2")
                             .arg(row + 1)
                             .arg(why.isEmpty() ? tr("not a JSON object") : why);
                return {};
            }
            rule.filter = *parsed;
        }
        out.append(rule);
    }
    return out;
}

void PriorityRulesEditor::retranslate()
{
    table()->setHorizontalHeaderLabels({tr("Types"), tr("Only when (filter, optional)"), tr("Priority")});
    retranslateButtons();
    const QStringList names{tr("low"), tr("normal"), tr("high"), tr("immediate")};
    for (int row = 0; row < count(); ++row) {
        if (auto *priority = qobject_cast<QComboBox *>(table()->cellWidget(row, 2))) {
            for (int i = 0; i < names.size(); ++i)
                priority->setItemText(i, names.at(i));
        }
    }
    setToolTip(tr("Each rule votes for a priority of the events it selects; the highest vote wins, and no vote "
                  "lowers the subscription's own priority"));
}

} // namespace sluice::console
