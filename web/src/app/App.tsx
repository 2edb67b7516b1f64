import { MantineProvider } from '@mantine/core';
import { ApolloProvider } from '@apollo/client/react';
import { RouterProvider } from 'react-router';
import { useState } from 'react';
import { createApolloClient } from './apollo';
import { SessionProvider } from './session';
import { cssVariablesResolver, theme } from './theme';
import { router } from './routes';

export function App() {
  const [client] = useState(() => createApolloClient());
  return (
    <MantineProvider theme={theme} cssVariablesResolver={cssVariablesResolver} defaultColorScheme="light">
      <ApolloProvider client={client}>
        <SessionProvider>
          <RouterProvider router={router} />
        </SessionProvider>
      </ApolloProvider>
    </MantineProvider>
  );
}
