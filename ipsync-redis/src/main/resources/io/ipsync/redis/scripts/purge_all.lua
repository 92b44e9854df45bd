-- purge_all: removes every dead letter of a queue for good.
-- KEYS[1] the queue's stream (unused), KEYS[2] its schedule (unused), KEYS[3] its dead letters
-- Returns {how many there were}.
local count = redis.call('XLEN', KEYS[3])
redis.call('DEL', KEYS[3])
return {count}
