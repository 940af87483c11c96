import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { QueryClientProvider } from '@tanstack/react-query';
import { App } from './App';
import { ToastProvider } from './components/Toasts';
import { LanguageRoot } from './i18n/LanguageRoot';
import './styles.css';
import './theme.css';
import './responsive.css';
import { applyTheme } from './theme';
import { queryClient } from './query';

applyTheme();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <LanguageRoot>
      <QueryClientProvider client={queryClient}>
        <ToastProvider>
          <App />
        </ToastProvider>
      </QueryClientProvider>
    </LanguageRoot>
  </StrictMode>,
);
