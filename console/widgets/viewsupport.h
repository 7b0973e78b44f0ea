#pragma once

#include "labels.h"

#include <QJsonObject>
#include <QJsonValue>
#include <QString>

class QAbstractItemModel;
class QAction;
class QHeaderView;
class QLabel;
class QPlainTextEdit;
class QTableView;
class QWidget;

namespace sluice::console {

// Small things every view does the same way.
QString prettyJson(const QJsonValue &value);
// A read-only, monospaced text pane for JSON and raw bytes.
QPlainTextEdit *codePane(QWidget *parent);
// A grey, centred, word-wrapped label shown instead of an empty list; hides when the model has rows.
QLabel *emptyState(QAbstractItemModel *model, QWidget *parent);
// A tooltip naming the action's shortcut: text has %1 where the shortcut goes.
void setShortcutToolTip(QAction *action, const QString &text);
// The label of a field in the QFormLayout that holds it.
void setFieldLabel(QWidget *field, const QString &text);
// A Kafka record as the agent sends it (topic, partition, offset, timestamp, key, headers,
// valueBase64/valueText) as lines: the value as text when it is UTF-8, else as a hex dump.
QString describeKafkaRecord(const ShownRecord &record);
// subscriptions.dryRun's result as lines an administrator reads.
QString describeDryRun(const QJsonObject &result);
// A table of rows (whole-row selection, one line per row, compact, sortable through a proxy).
QTableView *rowTable(QAbstractItemModel *model, QWidget *parent);
// Column widths and order kept across runs under settings key `key`.
void rememberColumns(QHeaderView *header, const QString &key);

} // namespace sluice::console
