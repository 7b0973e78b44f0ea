#include "filterconditions.h"

#include "eventfilter.h"

#include <QComboBox>
#include <QEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

using namespace Qt::Literals::StringLiterals;

namespace sluice::console {

namespace {

const QString kDialects[] = {filterkey::Exact, filterkey::Prefix, filterkey::Suffix};

// A value typed for "data value is": JSON when it reads as a JSON scalar (42, true, null, "x"),
// otherwise the text itself.
QJsonValue typedValue(const QString &text)
{
    const QJsonDocument doc = QJsonDocument::fromJson(u"[%1]"_s.arg(text).toUtf8());
    return doc.isArray() && doc.array().size() == 1 && !doc.array().at(0).isObject() && !doc.array().at(0).isArray()
               ? doc.array().at(0)
               : QJsonValue(text);
}

QString shownValue(const QJsonValue &value)
{
    if (value.isString())
        return value.toString();
    const QByteArray json = QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact);
    return QString::fromUtf8(json.mid(1, json.size() - 2));
}

} // namespace

FilterConditions::FilterConditions(QWidget *parent)
    : QWidget(parent)
    , m_table(new QTableWidget(0, 3, this))
    , m_add(new QPushButton(this))
    , m_remove(new QPushButton(this))
    , m_note(new QLabel(this))
{
    m_table->setObjectName(u"filterConditions"_s);
    m_add->setObjectName(u"addCondition"_s);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->verticalHeader()->hide();
    m_table->setWordWrap(false);
    m_table->setMinimumHeight(m_table->fontMetrics().height() * 7);
    m_note->setWordWrap(true);
    m_note->setForegroundRole(QPalette::PlaceholderText);
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_add);
    buttons->addWidget(m_remove);
    buttons->addStretch();
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_table);
    layout->addLayout(buttons);
    layout->addWidget(m_note);
    connect(m_add, &QPushButton::clicked, this, [this] {
        addCondition(AttributeIs, u"subject"_s, QString());
        m_table->editItem(m_table->item(m_table->rowCount() - 1, 2));
    });
    connect(m_remove, &QPushButton::clicked, this, [this] {
        if (m_table->currentRow() < 0)
            return;
        m_table->removeRow(m_table->currentRow());
        Q_EMIT changed();
    });
    connect(m_table, &QTableWidget::itemChanged, this, &FilterConditions::changed);
    retranslate();
}

void FilterConditions::retranslate()
{
    m_table->setHorizontalHeaderLabels({tr("Condition"), tr("Attribute or JSON pointer"), tr("Value")});
    m_add->setText(tr("Add condition"));
    m_remove->setText(tr("Remove condition"));
    m_note->setText(tr("All conditions must hold. Attributes are CloudEvents attributes (type, source, subject, "
                       "…); a JSON pointer such as /status/new points into the data. Changing the conditions "
                       "rewrites the filter below."));
    const QStringList kinds{tr("attribute is"), tr("attribute starts with"), tr("attribute ends with"),
                            tr("data value is"), tr("data value exists")};
    for (int row = 0; row < m_table->rowCount(); ++row) {
        auto *combo = qobject_cast<QComboBox *>(m_table->cellWidget(row, 0));
        for (int i = 0; combo && i < kinds.size(); ++i)
            combo->setItemText(i, kinds.at(i));
    }
    // Wide enough for the longest condition in this language and a typical pointer.
    int widest = 0;
    for (const QString &kind : kinds)
        widest = std::max(widest, fontMetrics().horizontalAdvance(kind));
    const int em = fontMetrics().horizontalAdvance(u'M');
    m_table->horizontalHeader()->resizeSection(0, widest + 4 * em);
    m_table->horizontalHeader()->resizeSection(1, std::max(14 * em, m_table->horizontalHeader()->sectionSizeHint(1)));
}

void FilterConditions::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWidget::changeEvent(event);
}

void FilterConditions::addCondition(Kind kind, const QString &where, const QString &value)
{
    const QSignalBlocker quiet(m_table);
    const int row = m_table->rowCount();
    m_table->insertRow(row);
    auto *combo = new QComboBox(m_table);
    for (int i = 0; i < KindCount; ++i)
        combo->addItem(QString(), i);
    combo->setCurrentIndex(kind);
    m_table->setCellWidget(row, 0, combo);
    m_table->setItem(row, 1, new QTableWidgetItem(where));
    m_table->setItem(row, 2, new QTableWidgetItem(value));
    connect(combo, &QComboBox::currentIndexChanged, this, &FilterConditions::changed);
    retranslate();
    Q_EMIT changed();
}

void FilterConditions::clear()
{
    m_table->setRowCount(0);
}

int FilterConditions::count() const
{
    return m_table->rowCount();
}

FilterConditions::Kind FilterConditions::kindAt(int row) const
{
    const auto *combo = qobject_cast<QComboBox *>(m_table->cellWidget(row, 0));
    return combo ? Kind(combo->currentIndex()) : AttributeIs;
}

QJsonObject FilterConditions::filter(QString *error) const
{
    QJsonArray all;
    for (int row = 0; row < m_table->rowCount(); ++row) {
        const Kind kind = kindAt(row);
        const QString where = m_table->item(row, 1) ? m_table->item(row, 1)->text().trimmed() : QString();
        const QString value = m_table->item(row, 2) ? m_table->item(row, 2)->text() : QString();
        const bool data = kind == DataIs || kind == DataExists;
        if (where.isEmpty() || (data && !where.startsWith(u'/'))) {
            *error = data ? tr("Condition %1: a JSON pointer into the data, such as /status/new").arg(row + 1)
                          : tr("Condition %1: which attribute (type, source, subject, …)").arg(row + 1);
            return {};
        }
        if (kind != DataExists && value.isEmpty()) {
            *error = data ? tr("Condition %1: the value to compare with (write \"\" for an empty text)").arg(row + 1)
                          : tr("Condition %1: the value to compare with; an empty value matches nothing").arg(row + 1);
            return {};
        }
        if (kind == DataIs)
            all.append(QJsonObject{
                {filterkey::Data, QJsonObject{{filterkey::Path, where}, {filterkey::Equals, typedValue(value)}}}});
        else if (kind == DataExists)
            all.append(
                QJsonObject{{filterkey::Data, QJsonObject{{filterkey::Path, where}, {filterkey::Exists, true}}}});
        else
            all.append(QJsonObject{{kDialects[kind], QJsonObject{{where, value}}}});
    }
    if (all.isEmpty())
        return {};
    return all.size() == 1 ? all.first().toObject() : QJsonObject{{filterkey::All, all}};
}

bool FilterConditions::setFilter(const QJsonObject &filter)
{
    clear();
    if (filter.isEmpty())
        return true;
    const QJsonArray parts = filter.size() == 1 && filter.contains(filterkey::All)
                                 ? filter.value(filterkey::All).toArray()
                                 : QJsonArray{filter};
    for (const QJsonValue &part : parts) {
        const QJsonObject condition = part.toObject();
        if (condition.size() != 1) {
            clear();
            return false;
        }
        const QString dialect = condition.begin().key();
        const QJsonObject body = condition.begin().value().toObject();
        const int attribute =
            int(std::find(std::begin(kDialects), std::end(kDialects), dialect) - std::begin(kDialects));
        if (attribute < 3 && body.size() == 1) {
            addCondition(Kind(attribute), body.begin().key(), body.begin().value().toString());
        } else if (dialect == filterkey::Data && body.size() == 2 && body.contains(filterkey::Equals)) {
            addCondition(DataIs, body.value(filterkey::Path).toString(), shownValue(body.value(filterkey::Equals)));
        } else if (dialect == filterkey::Data && body.size() == 2 &&
                   body.value(filterkey::Exists) == QJsonValue(true)) {
            addCondition(DataExists, body.value(filterkey::Path).toString(), QString());
        } else {
            clear();
            return false;
        }
    }
    return true;
}

} // namespace sluice::console
