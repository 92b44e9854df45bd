package io.ipsync.spring.autoconfigure.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;

/**
 * Spring Boot's {@code spring.data.redis.*} connection properties, with the same names and
 * defaults as Boot's own {@code DataRedisProperties}, read by ipsync itself so that the Redis
 * transport connects the same way in an application without {@code spring-boot-data-redis}.
 * Where that module is there, its {@code DataRedisConnectionDetails} bean says where the server
 * is (see {@link IpsyncRedisAutoConfiguration}) and only the timeouts, the client name and the
 * URL's scheme are read from here.
 *
 * <p>Bound with a {@link Binder} rather than declared as configuration properties: the names are
 * Boot's, documented by Boot, and an application that has both must not see them twice. Holds a
 * password: never printed (no {@code toString()} of its own).
 */
final class RedisConnectionProperties {

    static final String PREFIX = "spring.data.redis";

    /** Connection URL, overriding host, port, username, password and database: redis://user:password@example.com:6379/0. */
    private String url;

    /** Redis server host. */
    private String host = "localhost";

    /** Redis server port. */
    private int port = 6379;

    /** Database index. */
    private int database;

    /** Login username of the Redis server (ACL). */
    private String username;

    /** Login password of the Redis server. */
    private String password;

    /** Read timeout: how long a command waits for the server's answer. */
    private Duration timeout;

    /** Connection timeout. */
    private Duration connectTimeout;

    /** Client name to be set on connections with CLIENT SETNAME. */
    private String clientName;

    private final Ssl ssl = new Ssl();

    private Sentinel sentinel;

    private Cluster cluster;

    private Masterreplica masterreplica;

    /** {@code spring.data.redis.*} from the environment; defaults where not set. */
    static RedisConnectionProperties bind(Environment environment) {
        return Binder.get(environment).bind(PREFIX, RedisConnectionProperties.class).orElseGet(RedisConnectionProperties::new);
    }

    public String getUrl() {
        return url;
    }

    public void setUrl(String url) {
        this.url = url;
    }

    public String getHost() {
        return host;
    }

    public void setHost(String host) {
        this.host = host;
    }

    public int getPort() {
        return port;
    }

    public void setPort(int port) {
        this.port = port;
    }

    public int getDatabase() {
        return database;
    }

    public void setDatabase(int database) {
        this.database = database;
    }

    public String getUsername() {
        return username;
    }

    public void setUsername(String username) {
        this.username = username;
    }

    public String getPassword() {
        return password;
    }

    public void setPassword(String password) {
        this.password = password;
    }

    public Duration getTimeout() {
        return timeout;
    }

    public void setTimeout(Duration timeout) {
        this.timeout = timeout;
    }

    public Duration getConnectTimeout() {
        return connectTimeout;
    }

    public void setConnectTimeout(Duration connectTimeout) {
        this.connectTimeout = connectTimeout;
    }

    public String getClientName() {
        return clientName;
    }

    public void setClientName(String clientName) {
        this.clientName = clientName;
    }

    public Ssl getSsl() {
        return ssl;
    }

    public Sentinel getSentinel() {
        return sentinel;
    }

    public void setSentinel(Sentinel sentinel) {
        this.sentinel = sentinel;
    }

    public Cluster getCluster() {
        return cluster;
    }

    public void setCluster(Cluster cluster) {
        this.cluster = cluster;
    }

    public Masterreplica getMasterreplica() {
        return masterreplica;
    }

    public void setMasterreplica(Masterreplica masterreplica) {
        this.masterreplica = masterreplica;
    }

    /** {@code spring.data.redis.ssl.*}. */
    public static final class Ssl {

        /** Whether to enable SSL support; on by itself when a bundle is named. */
        private Boolean enabled;

        /** SSL bundle name. */
        private String bundle;

        public boolean isEnabled() {
            return enabled != null ? enabled : bundle != null;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public String getBundle() {
            return bundle;
        }

        public void setBundle(String bundle) {
            this.bundle = bundle;
        }
    }

    /** {@code spring.data.redis.sentinel.*}. */
    public static final class Sentinel {

        /** Name of the Redis server. */
        private String master;

        /** Comma-separated list of "host:port" pairs. */
        private List<String> nodes = new ArrayList<>();

        /** Login username for authenticating with sentinel(s). */
        private String username;

        /** Password for authenticating with sentinel(s). */
        private String password;

        public String getMaster() {
            return master;
        }

        public void setMaster(String master) {
            this.master = master;
        }

        public List<String> getNodes() {
            return nodes;
        }

        public void setNodes(List<String> nodes) {
            this.nodes = nodes;
        }

        public String getUsername() {
            return username;
        }

        public void setUsername(String username) {
            this.username = username;
        }

        public String getPassword() {
            return password;
        }

        public void setPassword(String password) {
            this.password = password;
        }
    }

    /** {@code spring.data.redis.cluster.*}. */
    public static final class Cluster {

        /** Comma-separated list of "host:port" pairs to bootstrap from. */
        private List<String> nodes = new ArrayList<>();

        public List<String> getNodes() {
            return nodes;
        }

        public void setNodes(List<String> nodes) {
            this.nodes = nodes;
        }
    }

    /** {@code spring.data.redis.masterreplica.*}. */
    public static final class Masterreplica {

        /** Static list of "host:port" pairs to use, at least one entry. */
        private List<String> nodes = new ArrayList<>();

        public List<String> getNodes() {
            return nodes;
        }

        public void setNodes(List<String> nodes) {
            this.nodes = nodes;
        }
    }
}
