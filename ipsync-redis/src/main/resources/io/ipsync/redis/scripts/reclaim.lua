-- reclaim: takes back the messages of consumers that stopped renewing them (died), and forgets
-- consumers long gone.
-- KEYS[1] the queue's stream, KEYS[2] its schedule
-- ARGV[1] the group, ARGV[2] the sweeper's lease in ms, ARGV[3] the most messages to take back,
-- ARGV[4] the idle time in ms after which a consumer holding nothing is removed from the group
-- Each consumer is judged by its own lease L: a name that ends in '/L<ms>' declares it (ipsync's
-- do); a name that does not is judged by the sweeper's lease. For each consumer but '~scheduled'
-- (XINFO CONSUMERS): its messages idle at least 3L/4 (XPENDING ... IDLE) go to '~scheduled'
-- (XCLAIM ... <3L/4> id JUSTID: the delivery count, which already counts the dead consumer's
-- attempt, is kept) and into the schedule, due now; a consumer holding nothing and idle longer than
-- ARGV[4] and ten of its leases is deleted (XGROUP DELCONSUMER), which loses nothing as it holds
-- nothing.
-- Returns {messages taken back, consumers removed}.
local consumers = redis.pcall('XINFO', 'CONSUMERS', KEYS[1], ARGV[1])
if consumers.err ~= nil then
  return {0, 0}
end
local clock = redis.call('TIME')
local now = tonumber(clock[1]) * 1000 + math.floor(tonumber(clock[2]) / 1000)
local budget = tonumber(ARGV[3])
local taken, removed = 0, 0
for _, consumer in ipairs(consumers) do
  local info = {}
  for i = 1, #consumer, 2 do
    info[consumer[i]] = consumer[i + 1]
  end
  local name = info['name']
  if name ~= '~scheduled' then
    local lease = tonumber(string.match(name, '/L(%d+)$') or ARGV[2])
    local threshold = math.floor(lease * 3 / 4)
    if info['pending'] > 0 and budget > taken then
      local idle = redis.call('XPENDING', KEYS[1], ARGV[1], 'IDLE', threshold, '-', '+', budget - taken, name)
      for _, message in ipairs(idle) do
        local moved = redis.call('XCLAIM', KEYS[1], ARGV[1], '~scheduled', threshold, message[1], 'JUSTID')
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
return {taken, removed}
