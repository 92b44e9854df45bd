-- renew: renews the lease of the messages a consumer holds.
-- KEYS[1] the queue's stream
-- ARGV[1] the group, ARGV[2] the consumer, then pairs: message id, delivery count it was claimed at
-- A message still held by the consumer at that delivery count has its idle time set to 0
-- (XCLAIM ... 0 id JUSTID, which keeps the delivery count). Any other (settled, taken over, or
-- deleted from the stream) is left alone.
-- Returns the ids of the messages the consumer no longer holds so. A stream or group that does not
-- exist (NOGROUP) holds none of them; any other error (an ACL that denies XPENDING, say) is
-- answered as the error, naming the command, so that no message is reported lost for it.
local lost = {}
for i = 3, #ARGV, 2 do
  local id = ARGV[i]
  local pending = redis.pcall('XPENDING', KEYS[1], ARGV[1], id, id, 1)
  if pending.err ~= nil and string.sub(pending.err, 1, 7) ~= 'NOGROUP' then
    return redis.error_reply(pending.err .. ' (XPENDING)')
  end
  local renewed = false
  if pending.err == nil and #pending == 1 and pending[1][2] == ARGV[2] and pending[1][4] == tonumber(ARGV[i + 1]) then
    renewed = #redis.call('XCLAIM', KEYS[1], ARGV[1], ARGV[2], 0, id, 'JUSTID') == 1
  end
  if not renewed then
    lost[#lost + 1] = id
  end
end
return lost
