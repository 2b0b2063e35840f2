// A small bundled list of the most common passwords (from public breach top-lists), checked when
// `password.rejectCommon` is on. Offline by design: no HIBP call leaves the machine.
export const COMMON_PASSWORDS: ReadonlySet<string> = new Set([
  '123456', '123456789', '12345678', '12345', '1234567', '1234567890', '111111', '000000', '123123', '654321',
  '666666', '121212', '112233', '7777777', '11111111', '88888888', '99999999', '00000000', '87654321', '12341234',
  'password', 'password1', 'password12', 'password123', 'password!', 'passw0rd', 'p@ssw0rd', 'p@ssword', 'pass1234',
  'qwerty', 'qwerty12', 'qwerty123', 'qwertyuiop', 'qwertyui', 'qwerty1234', '1q2w3e4r', '1q2w3e4r5t', '1qaz2wsx',
  'q1w2e3r4', 'q1w2e3r4t5', 'zaq12wsx', 'asdfghjkl', 'asdfgh', 'zxcvbnm', 'zxcvbn', 'qazwsx', 'qwe123', 'abc123',
  'abc12345', 'abcd1234', 'a1b2c3d4', 'iloveyou', 'iloveyou1', 'letmein', 'letmein1', 'welcome', 'welcome1',
  'welcome123', 'admin', 'admin123', 'admin1234', 'administrator', 'changeme', 'secret', 'default', 'guest',
  'login', 'master', 'monkey', 'dragon', 'football', 'baseball', 'basketball', 'soccer', 'hockey', 'superman',
  'batman', 'trustno1', 'sunshine', 'princess', 'shadow', 'michael', 'jennifer', 'jordan', 'hunter', 'charlie',
  'starwars', 'whatever', 'freedom', 'computer', 'internet', 'samsung', 'google', 'mustang', 'access', 'killer',
  'cheese', 'summer', 'winter', 'spring', 'autumn', 'flower', 'hello123', 'hello1234', 'test1234', 'testtest',
  'iloveu', 'lovely', 'loveme', 'babygirl', 'superstar', 'chocolate', 'butterfly', 'purple', 'orange', 'banana',
]);
