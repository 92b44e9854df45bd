-- forget_consumer: removes a consumer from the group when it holds nothing (a consumer closing).
-- KEYS[1] the queue's stream
-- ARGV[1] the group, ARGV[2] the consumer
-- Returns {1} when removed, {0} when it still holds messages (they come back when their lease
-- runs out) or there is no group (NOGROUP); any other error is answered as the error.
local held = redis.pcall('XPENDING', KEYS[1], ARGV[1], '-', '+', 1, ARGV[2])
if held.err ~= nil and string.sub(held.err, 1, 7) ~= 'NOGROUP' then
  return redis.error_reply(held.err .. ' (XPENDING)')
end
if held.err ~= nil or #held > 0 then
  return {0}
end
redis.call('XGROUP', 'DELCONSUMER', KEYS[1], ARGV[1], ARGV[2])
return {1}
