import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { ToastProvider } from './components/Toasts';
import { LanguageRoot } from './i18n/LanguageRoot';
import './styles.css';
import './theme.css';
import './responsive.css';
import { applyTheme } from './theme';

applyTheme();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <LanguageRoot>
      <ToastProvider>
        <App />
      </ToastProvider>
    </LanguageRoot>
  </StrictMode>,
);
