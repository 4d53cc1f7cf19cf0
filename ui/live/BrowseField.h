#pragma once

#include <QString>

#include <functional>

class QLineEdit;
class QWidget;

namespace warden::ui {

// A path field with a Browse… button beside it; `choose` asks for the path
// (a file or folder dialog), and an empty answer leaves the field as it is.
QWidget *browseField(QLineEdit *edit, std::function<QString()> choose);

} // namespace warden::ui
