// The realtime service's error codes. HTTP statuses for the REST endpoints and the upgrade live here; channel
// errors are Phoenix replies whose `reason` is "<Code>: <message>", built by `joinReason`.
import { errorRegistry } from '@powabase/core';

export const realtimeErrors = errorRegistry({
  // upgrade stage
  too_many_connections: { status: 429, message: 'Too many connected users' },
  // REST broadcast stage
  invalid_broadcast: { status: 422, message: 'Invalid broadcast request' },
  payload_too_large: { status: 422, message: 'Payload size exceeded' },
  rate_limited: { status: 429, message: 'You have exceeded your rate limit' },
  batch_too_large: { status: 429, message: 'Too many messages to broadcast, please reduce the batch size' },
});

export type RealtimeErrorCode = keyof typeof realtimeErrors.table;

/** Join failures as Supabase Realtime words them (`{"reason": "<Code>: <message>"}`). */
export const JOIN_ERRORS = {
  topicRequired: 'TopicNameRequired: You must provide a topic name',
  privateOnly: 'PrivateOnly: This project only allows private channels',
  tooManyChannels: 'ChannelRateLimitReached: Too many channels',
  tooManyJoins: 'ClientJoinRateLimitReached: Too many joins per second',
  missingClaims: 'InvalidJWTToken: Fields `role` and `exp` are required in JWT',
  malformedJwt: 'MalformedJWT: The token provided is not a valid JWT',
  badSignature: 'JwtSignatureError: Failed to validate JWT signature',
  replayPublic: 'UnableToReplayMessages: Replay is not allowed for public channels',
  replayParams: 'UnableToReplayMessages: Replay params are not valid',
  database: 'Realtime was unable to connect to the project database',
} as const;

export const unauthorizedTopic = (topic: string) => `Unauthorized: You do not have permissions to read from this Channel topic: ${topic}`;
export const tokenExpired = (secondsAgo: number) => `Token has expired ${secondsAgo} seconds ago`;
export const readRevoked = (topic: string) => `You no longer have permission to read from this Channel topic: ${topic}`;
