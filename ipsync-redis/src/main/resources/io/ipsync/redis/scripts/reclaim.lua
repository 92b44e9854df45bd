-- reclaim: takes back the messages of consumers that stopped renewing them (died), and forgets
-- consumers long gone.
-- KEYS[1] the queue's stream, KEYS[2] its schedule, KEYS[3] its dead letters (unused), KEYS[4] the
-- messages taken ahead (see take), KEYS[5] the server time (ms) of its last sweep
-- ARGV[1] the group, ARGV[2] the sweeper's lease in ms, ARGV[3] the most messages to take back,
-- ARGV[4] the idle time in ms after which a consumer holding nothing is removed from the group
-- Each consumer is judged by its own lease L: a name that ends in '/L<ms>' declares it (ipsync's
-- do); a name that does not is judged by the sweeper's lease. For each consumer but '~scheduled'
-- (XINFO CONSUMERS): its messages idle at least 3L/4 (XPENDING ... IDLE) go to '~scheduled'
-- (XCLAIM ... <3L/4> id JUSTID: the delivery count, which already counts the dead consumer's
-- attempt, is kept; one less for a message it had taken ahead, which leaves KEYS[4], as it was
-- handed to nobody, or to nobody that counted it: see take) and into the schedule, due now; a consumer holding nothing and idle longer than
-- ARGV[4] and ten of its leases is deleted (XGROUP DELCONSUMER), which loses nothing as it holds
-- nothing.
-- Idle times are measured from absolute delivery times, so a server paused, restarted or failed
-- over for longer than 3L/4 would make every message in progress look abandoned. Every sweep
-- therefore records the server time in KEYS[5]; where more than half of the longer of L and the
-- sweeper's lease passed since the last recorded sweep, the consumer's messages are not judged but
-- renewed on its behalf (XCLAIM <consumer> 0 id JUSTID, as renew.lua does: holder and delivery
-- count kept) and the consumer is not removed. A live consumer then has 3L/4 again to renew; a dead
-- one's messages come back one lease later. A gap is also what a queue nobody swept for a while
-- shows: its first sweep takes nothing back either.
-- Returns {messages taken back, consumers removed, messages renewed after a gap, ms since the last
-- recorded sweep (-1 for none)}. A stream or group that does not exist has nothing to take back;
-- any other error (an ACL that denies XINFO, say) is answered as the error, naming the command.
local clock = redis.call('TIME')
local now = tonumber(clock[1]) * 1000 + math.floor(tonumber(clock[2]) / 1000)
local last = tonumber(redis.call('GET', KEYS[5]) or '')
local since = -1
if last ~= nil then
  since = math.max(0, now - last)
end
redis.call('SET', KEYS[5], now)
local consumers = redis.pcall('XINFO', 'CONSUMERS', KEYS[1], ARGV[1])
if consumers.err ~= nil then
  if string.sub(consumers.err, 1, 7) == 'NOGROUP' or consumers.err == 'ERR no such key' then
    return {0, 0, 0, since}
  end
  return redis.error_reply(consumers.err .. ' (XINFO CONSUMERS)')
end
local sweeperLease = tonumber(ARGV[2])
local budget = tonumber(ARGV[3])
local taken, removed, renewed = 0, 0, 0
for _, consumer in ipairs(consumers) do
  local info = {}
  for i = 1, #consumer, 2 do
    info[consumer[i]] = consumer[i + 1]
  end
  local name = info['name']
  if name ~= '~scheduled' then
    local lease = tonumber(string.match(name, '/L(%d+)$') or sweeperLease)
    local threshold = math.floor(lease * 3 / 4)
    if since > math.max(lease, sweeperLease) / 2 then
      local after = '-'
      while info['pending'] > 0 do
        local held = redis.call('XPENDING', KEYS[1], ARGV[1], after, '+', 1000, name)
        for _, message in ipairs(held) do
          renewed = renewed + #redis.call('XCLAIM', KEYS[1], ARGV[1], name, 0, message[1], 'JUSTID')
        end
        if #held < 1000 then
          break
        end
        after = '(' .. held[#held][1]
      end
    elseif info['pending'] > 0 and budget > taken then
      local idle = redis.call('XPENDING', KEYS[1], ARGV[1], 'IDLE', threshold, '-', '+', budget - taken, name)
      for _, message in ipairs(idle) do
        local moved
        if redis.call('HDEL', KEYS[4], message[1]) == 1 then
          moved = redis.call('XCLAIM', KEYS[1], ARGV[1], '~scheduled', threshold, message[1], 'RETRYCOUNT',
              math.max(0, message[4] - 1), 'JUSTID')
        else
          moved = redis.call('XCLAIM', KEYS[1], ARGV[1], '~scheduled', threshold, message[1], 'JUSTID')
        end
        if #moved == 1 then
          redis.call('ZADD', KEYS[2], now, message[1])
          taken = taken + 1
        end
      end
    elseif info['pending'] == 0 and info['idle'] > math.max(tonumber(ARGV[4]), lease * 10) then
      redis.call('XGROUP', 'DELCONSUMER', KEYS[1], ARGV[1], name)
      removed = removed + 1
    end
  end
end
return {taken, removed, renewed, since}
