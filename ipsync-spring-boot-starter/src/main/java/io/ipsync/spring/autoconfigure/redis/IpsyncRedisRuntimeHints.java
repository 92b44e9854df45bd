package io.ipsync.spring.autoconfigure.redis;

import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.boot.context.properties.bind.BindableRuntimeHintsRegistrar;

/**
 * What a native image needs for the Redis transport: the Lua scripts that
 * {@code io.ipsync:ipsync-redis} loads as resources from beside its classes, and the
 * {@code spring.data.redis.*} properties that ipsync binds itself ({@link RedisConnectionProperties}).
 */
class IpsyncRedisRuntimeHints implements RuntimeHintsRegistrar {

    /** Where ipsync-redis keeps its scripts ({@code LuaScript.load}). */
    static final String LUA_SCRIPTS = "io/ipsync/redis/scripts/*.lua";

    @Override
    public void registerHints(RuntimeHints hints, ClassLoader classLoader) {
        hints.resources().registerPattern(LUA_SCRIPTS);
        BindableRuntimeHintsRegistrar.forTypes(RedisConnectionProperties.class).registerHints(hints, classLoader);
    }
}
