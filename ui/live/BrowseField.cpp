#include "ui/live/BrowseField.h"

#include <QCoreApplication>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QPushButton>

namespace warden::ui {

QWidget *browseField(QLineEdit *edit, std::function<QString()> choose)
{
    auto *row = new QWidget;
    auto *layout = new QHBoxLayout(row);
    layout->setContentsMargins(0, 0, 0, 0);
    auto *browse = new QPushButton(QCoreApplication::translate("warden::ui::BrowseField", "Browse…"));
    QObject::connect(browse, &QPushButton::clicked, edit, [edit, choose = std::move(choose)] {
        if (const QString chosen = choose(); !chosen.isEmpty())
            edit->setText(chosen);
    });
    layout->addWidget(edit);
    layout->addWidget(browse);
    return row;
}

} // namespace warden::ui
