-- put_later: stores a message that no consumer may take before a time, in one step.
-- KEYS[1] the queue's delayed messages (a sorted set), KEYS[2] their fields (a hash)
-- ARGV[1] the delay in ms from now (by the server's clock), ARGV[2] a token unique to the message,
-- ARGV[3], ARGV[4], ... its fields as XADD takes them: name, value, name, value...
-- The token is a member of KEYS[1], its score the time in ms at which the message is due, and a
-- field of KEYS[2], its value the message's fields packed with cmsgpack (kept apart, so that
-- looking at the schedule never copies a message). take.lua appends a due message to the stream
-- (XADD *), where it gets its entry id, and removes it from both, in one step, so a message is in
-- exactly one place.
-- Returns {the token}.
local clock = redis.call('TIME')
local now = tonumber(clock[1]) * 1000 + math.floor(tonumber(clock[2]) / 1000)
local fields = {}
for i = 3, #ARGV do
  fields[#fields + 1] = ARGV[i]
end
redis.call('HSET', KEYS[2], ARGV[2], cmsgpack.pack(fields))
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[1]), ARGV[2])
return {ARGV[2]}
