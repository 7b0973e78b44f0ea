#include "viewsupport.h"
#include "protocol.h"

#include <QAbstractItemModel>
#include <QAction>
#include <QCoreApplication>
#include <QDateTime>
#include <QFontDatabase>
#include <QFormLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLocale>
#include <QPlainTextEdit>
#include <QSettings>
#include <QSortFilterProxyModel>
#include <QTableView>

using namespace Qt::Literals::StringLiterals;

namespace sluice::console {

QString prettyJson(const QJsonValue &value)
{
    if (value.isObject())
        return QString::fromUtf8(QJsonDocument(value.toObject()).toJson(QJsonDocument::Indented));
    if (value.isArray())
        return QString::fromUtf8(QJsonDocument(value.toArray()).toJson(QJsonDocument::Indented));
    if (value.isUndefined())
        return QString();
    // A scalar: as JSON text ("text" with its quotes, 42, true, null).
    const QByteArray wrapped = QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact);
    return QString::fromUtf8(wrapped.mid(1, wrapped.size() - 2));
}

QPlainTextEdit *codePane(QWidget *parent)
{
    auto *pane = new QPlainTextEdit(parent);
    pane->setReadOnly(true);
    pane->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    pane->setLineWrapMode(QPlainTextEdit::NoWrap);
    return pane;
}

QLabel *emptyState(QAbstractItemModel *model, QWidget *parent)
{
    auto *label = new QLabel(parent);
    label->setAlignment(Qt::AlignCenter);
    label->setWordWrap(true);
    label->setForegroundRole(QPalette::PlaceholderText);
    label->setMargin(24);
    auto update = [model, label] { label->setVisible(model->rowCount() == 0); };
    QObject::connect(model, &QAbstractItemModel::modelReset, label, update);
    QObject::connect(model, &QAbstractItemModel::rowsInserted, label, update);
    QObject::connect(model, &QAbstractItemModel::rowsRemoved, label, update);
    QObject::connect(model, &QAbstractItemModel::layoutChanged, label, update);
    update();
    return label;
}

namespace {

// 16 bytes a line: offset, hex, and the printable ones.
QString hexDump(const QByteArray &bytes)
{
    QString out;
    for (qsizetype at = 0; at < bytes.size(); at += 16) {
        const QByteArray line = bytes.mid(at, 16);
        QString printable;
        for (char c : line)
            printable += (c >= 0x20 && c < 0x7f) ? QChar::fromLatin1(c) : u'.';
        out += u"%1  %2  %3\n"_s.arg(QString::number(at, 16).rightJustified(8, u'0'),
                                     QString::fromLatin1(line.toHex(' ')).leftJustified(47), printable);
    }
    return out;
}

QString textOrHex(const QByteArray &bytes)
{
    const QString text = QString::fromUtf8(bytes);
    return text.toUtf8() == bytes ? text : u"0x"_s + QString::fromLatin1(bytes.toHex());
}

} // namespace

QString describeKafkaRecord(const ShownRecord &record)
{
    if (record.topic.isEmpty())
        return QCoreApplication::translate("KafkaRecord", "(the agent did not send the Kafka record)");
    const QLocale locale;
    QString text = QCoreApplication::translate("KafkaRecord", "Topic %1 · partition %2 · offset %3")
                       .arg(record.topic)
                       .arg(record.partition)
                       .arg(record.offset);
    if (!record.timestamp.isEmpty())
        text += QCoreApplication::translate("KafkaRecord", " · Kafka time %1").arg(localTime(record.timestamp));
    text += u"\n"_s + (record.key
                           ? QCoreApplication::translate("KafkaRecord", "Key: %1").arg(QString::fromUtf8(*record.key))
                           : QCoreApplication::translate("KafkaRecord", "Key: (none)"));
    text += u"\n"_s + QCoreApplication::translate("KafkaRecord", "Headers:") + u"\n"_s;
    for (const auto &[name, value] : record.headers)
        text += u"  %1: %2\n"_s.arg(QString::fromUtf8(name), textOrHex(value));
    text += QCoreApplication::translate("KafkaRecord", "Value (%1 bytes):").arg(locale.toString(record.size)) + u"\n"_s;
    const QString valueText = QString::fromUtf8(record.value);
    text += valueText.toUtf8() == record.value ? valueText : hexDump(record.value);
    if (record.valueTruncated)
        text += u"\n"_s + QCoreApplication::translate("KafkaRecord", "(cut at 64 KiB)");
    return text;
}

void setShortcutToolTip(QAction *action, const QString &text)
{
    action->setToolTip(text.arg(action->shortcut().toString(QKeySequence::NativeText)));
}

void setFieldLabel(QWidget *field, const QString &text)
{
    QWidget *holder = field->parentWidget();
    const auto forms = holder ? holder->findChildren<QFormLayout *>() : QList<QFormLayout *>();
    for (QFormLayout *form : forms) {
        if (auto *label = qobject_cast<QLabel *>(form->labelForField(field))) {
            label->setText(text);
            return;
        }
    }
}

QString describeDryRun(const QJsonObject &result)
{
    QString text = QCoreApplication::translate("DryRun", "%1 of the last %2 events would be selected.\n\n")
                       .arg(result.value(protocol::trial::Matched).toInt())
                       .arg(result.value(protocol::trial::Evaluated).toInt());
    for (const QJsonValue &value : result.value(protocol::trial::Events).toArray()) {
        const QJsonObject event = value.toObject().value(protocol::trial::Event).toObject();
        text += u"%1  %2  %3\n"_s.arg(localTime(value.toObject().value(protocol::trial::ReceivedAt).toString()),
                                      event.value(u"type"_s).toString(), event.value(u"subject"_s).toString());
    }
    return text;
}

QTableView *rowTable(QAbstractItemModel *model, QWidget *parent)
{
    auto *proxy = new QSortFilterProxyModel(parent);
    proxy->setSourceModel(model);
    proxy->setSortRole(Qt::DisplayRole);
    auto *view = new QTableView(parent);
    view->setModel(proxy);
    view->setSortingEnabled(true);
    view->sortByColumn(-1, Qt::AscendingOrder); // the model's order until a header is clicked
    view->setSelectionBehavior(QAbstractItemView::SelectRows);
    view->setSelectionMode(QAbstractItemView::ExtendedSelection);
    view->setWordWrap(false);
    view->verticalHeader()->hide();
    view->verticalHeader()->setDefaultSectionSize(view->fontMetrics().height() + 6);
    view->horizontalHeader()->setStretchLastSection(true);
    return view;
}

void rememberColumns(QHeaderView *header, const QString &key)
{
    const QString settingsKey = u"columns/"_s + key;
    header->restoreState(QSettings().value(settingsKey).toByteArray());
    QObject::connect(header, &QHeaderView::sectionResized, header,
                     [header, settingsKey] { QSettings().setValue(settingsKey, header->saveState()); });
    QObject::connect(header, &QHeaderView::sectionMoved, header,
                     [header, settingsKey] { QSettings().setValue(settingsKey, header->saveState()); });
}

} // namespace sluice::console
