package io.ipsync.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A Lua script of the transport, read from {@code io/ipsync/redis/scripts/<name>.lua} beside these
 * classes, where each states its contract in its opening comment. Run by its SHA-1
 * ({@code EVALSHA}); a server that does not know it yet ({@code NOSCRIPT}) is sent its source
 * once ({@code EVAL}), see {@link ServerCalls#script}.
 *
 * @param name the file's name without {@code .lua}
 * @param source the script
 * @param sha1 the SHA-1 of the script in lower-case hex, as {@code SCRIPT LOAD} would return it
 */
record LuaScript(String name, String source, String sha1) {

    static LuaScript load(String name) {
        String resource = "scripts/" + name + ".lua";
        try (InputStream in = LuaScript.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("The Lua script " + resource + " is missing beside " + LuaScript.class.getName());
            }
            byte[] bytes = in.readAllBytes();
            return new LuaScript(name, new String(bytes, StandardCharsets.UTF_8),
                    HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(bytes)));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the Lua script " + resource, e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("This JVM has no SHA-1", e);
        }
    }
}
