#pragma once
// A key bound to one widget (Qt::WidgetShortcut): review keys live on a list, so typing X or Enter in a search
// or label box beside it still types.
#include <QKeySequence>
#include <QShortcut>
#include <QWidget>

namespace taxo::ui {

template <typename Slot>
QShortcut* addWidgetShortcut(QWidget* on, const QKeySequence& key, const QObject* context, Slot&& slot) {
    auto* shortcut = new QShortcut(key, on);
    shortcut->setContext(Qt::WidgetShortcut);
    QObject::connect(shortcut, &QShortcut::activated, context, std::forward<Slot>(slot));
    return shortcut;
}

}  // namespace taxo::ui
