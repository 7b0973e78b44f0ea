#pragma once

#include <QJsonObject>
#include <QWidget>

class QLabel;
class QPushButton;
class QTableWidget;

namespace sluice::console {

// A filter as a list of conditions that must all hold: an attribute is, starts with or ends with a
// value; a value in the data (by JSON pointer) is a value or exists. What it builds is the
// subscription filter language (docs/configuration.md#filters); anything richer is written as JSON.
class FilterConditions : public QWidget {
    Q_OBJECT

public:
    enum Kind { AttributeIs, AttributeStartsWith, AttributeEndsWith, DataIs, DataExists, KindCount };

    explicit FilterConditions(QWidget *parent = nullptr);

    void addCondition(Kind kind, const QString &where, const QString &value);
    void clear();
    int count() const;
    // The filter the conditions make: {} when there are none; error names the row that is incomplete.
    QJsonObject filter(QString *error) const;
    // Shows an existing filter as conditions; false (and no rows) when it is more than conditions can say.
    bool setFilter(const QJsonObject &filter);

Q_SIGNALS:
    void changed();

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslate();
    Kind kindAt(int row) const;

    QTableWidget *m_table;
    QPushButton *m_add;
    QPushButton *m_remove;
    QLabel *m_note;
};

} // namespace sluice::console
