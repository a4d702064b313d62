// InitiateAuth and RespondToAuthChallenge, the sign-in operations; their steps live in ./sign-in/.
export { adminInitiateAuth, initiateAuth } from './sign-in/initiate-auth.js';
export { respondToAuthChallenge } from './sign-in/respond-to-auth-challenge.js';
