#pragma once

#include <QWidget>

namespace sluice::console {

// What the console's hand-painted charts share: the base colour behind them, and the values under
// the pointer as a tooltip.
class ChartWidget : public QWidget {
    Q_OBJECT

public:
    // What the chart shows under x (widget coordinates) in words; empty where there is nothing.
    virtual QString valuesAt(int x) const = 0;

protected:
    ChartWidget(const QString &objectName, int minimumHeight, QWidget *parent);
    bool event(QEvent *event) override;
};

} // namespace sluice::console
