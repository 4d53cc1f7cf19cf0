#pragma once

namespace warden::ui {

// `warden --self-test`: builds the main window against a throw-away store,
// replays the code-bot demo through it and checks that the verdict reaches
// the screen. Returns the process exit code.
class ConsoleSelfTest {
public:
    static int run();
};

} // namespace warden::ui
