-- put_later: stores a message that no consumer may take before a time, in one step.
-- KEYS[1] the queue's delayed messages (a sorted set)
-- ARGV[1] the delay in ms from now (by the server's clock), ARGV[2] a token unique to the message,
-- ARGV[3], ARGV[4], ... its fields as XADD takes them: name, value, name, value...
-- The member is the token, a colon, then the fields packed with cmsgpack; its score is the time
-- in ms at which the message is due. take.lua appends a due member to the stream (XADD *), where
-- it gets its entry id, and removes it, in one step, so a message is in exactly one of the two.
-- Returns {the token}.
local clock = redis.call('TIME')
local now = tonumber(clock[1]) * 1000 + math.floor(tonumber(clock[2]) / 1000)
local fields = {}
for i = 3, #ARGV do
  fields[#fields + 1] = ARGV[i]
end
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[1]), ARGV[2] .. ':' .. cmsgpack.pack(fields))
return {ARGV[2]}
