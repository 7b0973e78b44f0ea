#pragma once

// Forms for the parts of a subscription that are lists of small records: its delivery windows
// (days, from, to) and its priority rules (types, filter, priority). Each edits the subscription's
// values (shared/subscription.h) and refuses what the agent would refuse, with the row and the reason.

#include "deliverywindow.h"
#include "subscription.h"

#include <QJsonArray>
#include <QWidget>

class QPushButton;
class QTableWidget;

namespace sluice::console {

class RecordTable : public QWidget {
    Q_OBJECT

public:
    int count() const;

Q_SIGNALS:
    void changed();

protected:
    explicit RecordTable(int columns, QWidget *parent);
    QTableWidget *table() const { return m_table; }
    int addRow(); // an empty row at the end; its index
    virtual void fillRow(int row) = 0;
    virtual void retranslate() = 0; // and the buttons (retranslateButtons)
    void retranslateButtons();
    void changeEvent(QEvent *event) override;

private:
    QTableWidget *m_table;
    QPushButton *m_add;
    QPushButton *m_remove;
};

// Delivery windows: a row each, the weekdays it holds for (none: every day), from and to (local
// time in the subscription's time zone; to before from runs past midnight).
class WindowsEditor : public RecordTable {
    Q_OBJECT

public:
    explicit WindowsEditor(QWidget *parent = nullptr);

    void setWindows(const QList<DeliveryWindow> &windows);
    // An error names the row that is wrong.
    QList<DeliveryWindow> windows(QString *error) const;

protected:
    void fillRow(int row) override;
    void retranslate() override;
};

// Priority rules: a row each, the types it votes for (patterns), an optional filter (JSON, the
// subscription filter language) and the priority.
class PriorityRulesEditor : public RecordTable {
    Q_OBJECT

public:
    explicit PriorityRulesEditor(QWidget *parent = nullptr);

    void setRules(const QList<PriorityRule> &rules);
    // An error names the row that is wrong.
    QList<PriorityRule> rules(QString *error) const;

protected:
    void fillRow(int row) override;
    void retranslate() override;
};

} // namespace sluice::console
