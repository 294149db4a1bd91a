/*
 * lua.c — store/zelftest.lua compiled into the program as bytes
 * (zt_lua_start .. zt_lua_end), so the binary needs no file at run time.
 * The path is relative to the top of the source tree, where make runs.
 */
__asm__(".section .rodata\n"
        ".global zt_lua_start\n"
        ".type zt_lua_start, @object\n"
        "zt_lua_start:\n"
        ".incbin \"fcgi/store/zelftest.lua\"\n"
        ".global zt_lua_end\n"
        ".type zt_lua_end, @object\n"
        "zt_lua_end:\n"
        ".byte 0\n"
        ".previous\n");
